// Test harness standing in for the app shell: register a worker that imports
// /static/sw-push.js as sw.js does, answer {type: 'sync'} as js/sync-loop.js does,
// and call initPush as the shell will.
import { initPush, saveSubscription } from '/static/js/push.js';

const params = new URLSearchParams(location.hash.slice(1));
window.fmPushTest = { messages: [], saveSubscription };
navigator.serviceWorker.addEventListener('message', (event) => {
  window.fmPushTest.messages.push(event.data);
  const reply = event.ports && event.ports[0];
  if (event.data && event.data.type === 'sync' && reply) reply.postMessage({ ok: params.get('syncok') !== 'no' });
});

async function start() {
  await navigator.serviceWorker.register(`/e2e-sw.js?mode=${params.get('mode') || 'worker'}`, { scope: '/' });
  await navigator.serviceWorker.ready;
  const controller = initPush({ token: params.get('token'), deviceId: params.get('device'),
    container: document.getElementById('push'), subscribeTimeoutMs: Number(params.get('timeout') || 20000) });
  await controller.ready;
  window.fmPushTest.controller = controller;
  document.getElementById('ready').hidden = false;
}

start().catch((error) => { window.fmPushTest.error = String(error); });
