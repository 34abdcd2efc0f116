// Field Mentor's service worker, served at /sw.js so that its scope is "/".

// Filled in by the server from the bytes of every shell file: any change of the
// shell changes this text, so browsers install the new worker.
const VERSION = '__SHELL_VERSION__';
const PRECACHE = '__PRECACHE__';
// The Background Sync tag, named once in js/sync-loop.js (SYNC_TAG) and filled in by the
// server: a classic worker cannot import an ES module.
const SYNC_TAG = '__SYNC_TAG__';
const CACHE_PREFIX = 'fm-shell-';
const CACHE = CACHE_PREFIX + VERSION;
const SHELL_PATHS = new Set(PRECACHE);

importScripts('/static/sw-push.js'); // web push; a sync push uses SYNC_TAG

self.addEventListener('install', (event) => {
  // addAll fails if any file is missing, and then this version is not installed.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  // Only when the user said "Reload now" (see js/sw-register.js).
  if (event.data && event.data.action === 'skipWaiting') self.skipWaiting();
});

async function cacheFirst(request, key) {
  const cached = await caches.match(key || request, { cacheName: CACHE });
  if (cached) return cached;
  return fetch(request);
}

function networkOnly(request) {
  return fetch(request);
}

function strategyFor(request, url) {
  if (request.method !== 'GET' || url.origin !== self.location.origin) return null;
  if (url.pathname.startsWith('/api/')) return networkOnly;
  if (request.mode === 'navigate' && url.pathname === '/') return (req) => cacheFirst(req, '/');
  if (SHELL_PATHS.has(url.pathname)) return (req) => cacheFirst(req, url.pathname);
  return null; // coordinator pages and everything else: the browser's own fetch
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const strategy = strategyFor(event.request, url);
  if (strategy) event.respondWith(strategy(event.request));
});

// Background Sync: the open app runs the sync (it owns IndexedDB and the
// engine); the browser retries this event later when no app answers "ok".
function askClientToSync() {
  return self.clients.matchAll({ type: 'window' }).then((clients) => {
    if (!clients.length) return undefined; // the app syncs when it next opens
    return new Promise((resolve, reject) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => reject(new Error('No answer from the app')), 120000);
      channel.port1.onmessage = (event) => {
        clearTimeout(timer);
        if (event.data && event.data.ok) resolve();
        else reject(new Error('Sync did not finish'));
      };
      clients[0].postMessage({ type: 'sync' }, [channel.port2]);
    });
  });
}

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(askClientToSync());
});
