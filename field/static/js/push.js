// Push notifications on this device. The section explains what notifications are for,
// asks the browser's permission only when the user presses the button (a user gesture),
// and never stands in the way: the app works fully without notifications.
//   import { initPush } from '/static/js/push.js';
//   initPush({ token, deviceId, container: document.querySelector('#push') });
import { apiFetch, NetworkError } from './api.js';
import { t } from './i18n.js';
import { h } from './ui.js';
import { detect, pushState } from './ios.js';

function ruleLabel(rule) {
  switch (rule) {
    case 'session_reminder': return t('Sessions tomorrow (the evening before)');
    case 'stale_device': return t('This device has not synced for some days');
    case 'goal_due': return t('Mentoring goals that are due');
    case 'review_queue': return t('New conflicts and flagged records');
    case 'mentee_assessment': return t('New assessments of my mentees');
    default: return rule;
  }
}

export function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export function urlBase64ToUint8Array(text) {
  const base64 = (text + '='.repeat((4 - (text.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function call(token, method, path, body) {
  return apiFetch(`/push${path}`, { method, body, token });
}

/** Tell the server this device's subscription (a PushSubscription or its toJSON()). */
export function saveSubscription(token, subscription) {
  const json = typeof subscription.toJSON === 'function' ? subscription.toJSON() : subscription;
  return call(token, 'POST', '/subscriptions', json);
}

export function removeSubscription(token) {
  return call(token, 'DELETE', '/subscriptions');
}

async function workerRegistration() {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) throw new Error('no service worker');
  return registration;
}

function sameKey(subscription, key) {
  const current = subscription.options && subscription.options.applicationServerKey;
  if (!current) return true;
  const a = new Uint8Array(current);
  const b = urlBase64ToUint8Array(key);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function withTimeout(promise, ms) {
  let timer;
  const expired = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('push service did not answer')), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Subscribe this browser with the server's key and store it for this device. */
export async function subscribe(token, { timeoutMs = 20000 } = {}) {
  const registration = await workerRegistration();
  const { public_key: key } = await call(token, 'GET', '/key');
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  // a browser whose push service cannot be reached may never settle this: give up in time
  subscription = subscription || await withTimeout(registration.pushManager.subscribe({
    userVisibleOnly: true, applicationServerKey: urlBase64ToUint8Array(key),
  }), timeoutMs);
  await saveSubscription(token, subscription);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) await call(token, 'PATCH', '/prefs', { time_zone: zone }).catch(() => null);
  return subscription;
}

export async function unsubscribe(token) {
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = registration && await registration.pushManager.getSubscription();
  if (subscription) await subscription.unsubscribe();
  await removeSubscription(token);
}

function buildSection(container, deviceId) {
  const section = h('section', { class: 'fm-push',
    attrs: { 'data-device': deviceId || '', 'aria-labelledby': 'fm-push-title' } });
  const title = h('h2', { class: 'fm-push-title', id: 'fm-push-title' }, t('Notifications'));
  const why = h('p', { class: 'fm-push-why' }, t('Field Mentor can tell you when a session is tomorrow, a mentoring goal is due, or this device has not synced for some days. Everything works without notifications too.'));
  const status = h('p', { class: 'fm-push-status', attrs: { role: 'status' } });
  const on = h('button', { type: 'button', class: 'fm-push-on' }, t('Turn on notifications'));
  const off = h('button', { type: 'button', class: 'fm-push-off' }, t('Turn off notifications'));
  const rules = h('fieldset', { class: 'fm-push-rules' }, h('legend', {}, t('Tell me about')));
  section.append(title, why, status, on, off, rules);
  container.replaceChildren(section);
  return { section, status, on, off, rules };
}

function failureText(error) {
  if (!navigator.onLine || error instanceof NetworkError) {
    return t('You are offline. Try again when you have a connection.');
  }
  return t('Notifications could not be turned on on this device. Everything else works as usual.');
}

export function initPush({ token, deviceId, container, subscribeTimeoutMs = 20000 }) {
  const ui = buildSection(container, deviceId);

  function show(state, message) {
    ui.section.dataset.state = state;
    ui.status.textContent = message || '';
    ui.on.hidden = state !== 'off';
    ui.off.hidden = state !== 'on';
    ui.rules.hidden = state !== 'on';
  }

  function busy(flag) {
    ui.on.disabled = flag;
    ui.off.disabled = flag;
  }

  async function showRules() {
    const prefs = await call(token, 'GET', '/prefs');
    ui.rules.querySelectorAll('label').forEach((label) => label.remove());
    Object.entries(prefs.rules).forEach(([rule, enabled]) => {
      const box = h('input', { type: 'checkbox', name: rule, checked: enabled });
      box.addEventListener('change', async () => {
        try {
          await call(token, 'PATCH', '/prefs', { rules: { [rule]: box.checked } });
        } catch (error) {
          box.checked = !box.checked;
          ui.status.textContent = failureText(error);
        }
      });
      ui.rules.append(h('label', { class: 'fm-push-rule' }, box, ` ${ruleLabel(rule)}`));
    });
  }

  async function refresh() {
    const ios = pushState(detect(), pushSupported());
    if (ios === 'needs-home-screen') {
      show('unsupported', t('On iPhone, notifications work only once Field Mentor is added to the home screen (Share, then "Add to Home Screen") and opened from there. Everything else works as usual.'));
      return;
    }
    if (ios === 'ios-too-old') {
      show('unsupported', t('On iPhone, notifications need iOS 16.4 or later and Field Mentor added to the home screen. Everything else works as usual.'));
      return;
    }
    if (!pushSupported()) {
      show('unsupported', t('This browser cannot show notifications from Field Mentor. Everything else works as usual.'));
      return;
    }
    if (Notification.permission === 'denied') {
      show('denied', t('Notifications are blocked for Field Mentor in this browser\'s settings. Everything else works as usual.'));
      return;
    }
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = registration && await registration.pushManager.getSubscription();
    if (Notification.permission !== 'granted' || !subscription) {
      show('off');
      return;
    }
    show('on', t('Notifications are on for this device.'));
    try {
      const server = await call(token, 'GET', '/subscriptions');
      if (!server.subscribed || server.endpoint !== subscription.endpoint) await saveSubscription(token, subscription);
      await showRules();
    } catch (error) {
      ui.status.textContent = failureText(error);
    }
  }

  async function turnOn() {
    busy(true);
    try {
      // the only place the permission is asked for: right after the user pressed the button
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        show(permission === 'denied' ? 'denied' : 'off', t('Notifications stay off. Everything else works as usual.'));
        return;
      }
      await subscribe(token, { timeoutMs: subscribeTimeoutMs });
      await refresh();
    } catch (error) {
      console.warn('push: could not subscribe', error);
      show('off', failureText(error));
    } finally {
      busy(false);
    }
  }

  async function turnOff() {
    busy(true);
    try {
      await unsubscribe(token);
      show('off', t('Notifications are off for this device.'));
    } catch (error) {
      ui.status.textContent = failureText(error);
    } finally {
      busy(false);
    }
  }

  function onWorkerMessage(event) {
    if (event.data && event.data.type === 'push-subscription-change' && Notification.permission === 'granted') {
      subscribe(token).then(refresh).catch((error) => console.warn('push: could not renew', error));
    }
  }

  ui.on.addEventListener('click', turnOn);
  ui.off.addEventListener('click', turnOff);
  if (pushSupported()) navigator.serviceWorker.addEventListener('message', onWorkerMessage);
  const ready = refresh().catch((error) => show('off', failureText(error)));

  return {
    ready,
    refresh,
    destroy() {
      if (pushSupported()) navigator.serviceWorker.removeEventListener('message', onWorkerMessage);
      ui.section.remove();
    },
  };
}
