// When to sync: app start, 'online', back to the foreground, a timer while
// open, Background Sync from the service worker (where the browser has it),
// and right after a save.
import { on } from './events.js';
import { outboxSummary } from './outbox.js';
import { session } from './session.js';
import { syncNow, syncState } from './sync.js';
import { getMeta } from './db.js';

// The Background Sync tag; field/shell.py reads it from here into the service worker (sw.js).
export const SYNC_TAG = 'fm-outbox';
const TICK_MS = 30000;
const IDLE_PULL_MS = 5 * 60000;

function ready() {
  const current = session();
  return current && !current.needs_auth && navigator.onLine !== false;
}

async function requestBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker.ready;
    if (registration.sync) await registration.sync.register(SYNC_TAG);
  } catch { /* no Background Sync here (iOS, Firefox): the timer and 'online' cover it */ }
}

async function onTimer() {
  if (!ready() || syncState().running) return;
  const { waiting } = await outboxSummary();
  const last = (await getMeta('last_sync_ok')) || 0;
  const retryDue = !syncState().nextTry || syncState().nextTry <= Date.now();
  if ((waiting && retryDue) || Date.now() - last > IDLE_PULL_MS) syncNow();
}

export function startSyncLoop() {
  if (ready()) syncNow();
  window.addEventListener('online', () => { if (ready()) syncNow(); });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && ready()) syncNow();
  });
  setInterval(onTimer, TICK_MS);
  on('outbox-changed', () => {
    if ('serviceWorker' in navigator) requestBackgroundSync();
    if (ready()) setTimeout(syncNow, 1500);
  });
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (!event.data || event.data.type !== 'sync') return;
      const reply = event.ports && event.ports[0];
      const run = ready() ? syncNow() : Promise.resolve({ ok: false });
      run.then((result) => reply && reply.postMessage({ ok: !!(result && result.ok) }));
    });
  }
}
