// Test harness standing in for the app shell: register the app's own service worker (/sw.js,
// which imports /static/sw-push.js), wait until it controls this page, answer {type: 'sync'}
// as js/sync-loop.js does, and call initPush as the sync screen does.
import { initPush, saveSubscription } from '/static/js/push.js';

const params = new URLSearchParams(location.hash.slice(1));
window.fmPushTest = { messages: [], saveSubscription };
navigator.serviceWorker.addEventListener('message', (event) => {
  window.fmPushTest.messages.push(event.data);
  const reply = event.ports && event.ports[0];
  if (event.data && event.data.type === 'sync' && reply) reply.postMessage({ ok: params.get('syncok') !== 'no' });
});

async function start() {
  await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {  // the worker claims this page once it is active
    await new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true });
    });
  }
  const controller = initPush({ token: params.get('token'), deviceId: params.get('device'),
    container: document.getElementById('push'), subscribeTimeoutMs: Number(params.get('timeout') || 20000) });
  await controller.ready;
  window.fmPushTest.controller = controller;
  document.getElementById('ready').hidden = false;
}

start().catch((error) => { window.fmPushTest.error = String(error); });
