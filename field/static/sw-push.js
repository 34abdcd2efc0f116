// Web Push in the service worker. sw.js pulls this in with importScripts('/static/sw-push.js')
// and defines SYNC_TAG, the Background Sync tag, which this file uses.
// The server renders each notification's text in the recipient's language; a payload is
// {v, type, title, body, tag, url, lang, dir, ids}. A push of type "sync" ("this device has
// not synced for days") also runs a sync in the background where the browser lets it: an open
// app window is asked with the app's own {type: 'sync'} message (js/sync-loop.js answers {ok}
// on the port); else a Background Sync is registered, which the main worker's 'sync' handler
// serves. When the sync went through, the "not synced" notification is taken back.
/* eslint-env serviceworker */

const FM_PUSH_FALLBACK_TITLE = 'Field Mentor';
const FM_PUSH_SYNC_WAIT_MS = 60000;

function fmPushPayload(event) {
  if (!event.data) return {};
  try {
    const payload = event.data.json();
    return payload && typeof payload === 'object' ? payload : {};
  } catch (err) {
    return { body: event.data.text() };
  }
}

/** Only ever open a page of this origin, whatever a payload says. */
function fmPushUrl(url) {
  try {
    const target = new URL(url || '/', self.location.origin);
    if (target.origin === self.location.origin) return target.href;
  } catch (err) { /* fall through */ }
  return new URL('/', self.location.origin).href;
}

async function fmPushTellWindows(message) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  windows.forEach((client) => client.postMessage(message));
  return windows.length;
}

function fmPushAskWindowToSync(client) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), FM_PUSH_SYNC_WAIT_MS);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(Boolean(event.data && event.data.ok));
    };
    client.postMessage({ type: 'sync', reason: 'push' }, [channel.port2]);
  });
}

async function fmPushRunSync(payload) {
  let synced = false;
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length) {
    synced = await fmPushAskWindowToSync(windows[0]);
  } else if (self.registration.sync) {
    await self.registration.sync.register(SYNC_TAG);
  }
  if (synced && payload.tag) {
    const shown = await self.registration.getNotifications({ tag: payload.tag });
    shown.forEach((notification) => notification.close());
  }
}

self.addEventListener('push', (event) => {
  const payload = fmPushPayload(event);
  const shown = self.registration.showNotification(payload.title || FM_PUSH_FALLBACK_TITLE, {
    body: payload.body || '',
    tag: payload.tag || undefined,
    lang: payload.lang || '',
    dir: payload.dir === 'rtl' || payload.dir === 'ltr' ? payload.dir : 'auto',
    data: { url: fmPushUrl(payload.url), type: payload.type || '', ids: payload.ids || {} },
  });
  const work = payload.type === 'sync'
    ? shown.then(() => fmPushRunSync(payload)).catch((err) => console.warn('push sync failed', err))
    : shown;
  event.waitUntil(work);
});

/** Show the screen of a notification: in an app window this worker controls (the one already on
 * that page first), else in a new window. A window on the same page only changes its hash: the
 * browser moves within the page (no reload) and the app's router follows 'hashchange'. */
async function fmPushOpen(url) {
  const windows = await self.clients.matchAll({ type: 'window' });
  const pathname = new URL(url).pathname;
  const best = windows.find((client) => new URL(client.url).pathname === pathname) || windows[0];
  if (!best) return self.clients.openWindow(url);
  const focused = await best.focus().catch(() => best);
  if (focused.url === url) return focused;
  return focused.navigate(url).catch(() => self.clients.openWindow(url));
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = fmPushUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(fmPushOpen(url));
});

self.addEventListener('pushsubscriptionchange', (event) => {
  // the worker holds no token: an open app window re-subscribes and tells the server
  event.waitUntil(fmPushTellWindows({ type: 'push-subscription-change' }));
});
