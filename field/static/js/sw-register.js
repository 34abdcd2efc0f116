// The service worker and its update flow: a new version waits until the user
// says "Reload" (never skipWaiting on its own: the IndexedDB schema may
// change under an open page), then one guarded reload on controllerchange.
import { t } from './i18n.js';
import { showBanner } from './banners.js';
import { syncState } from './sync.js';

let asked = false;

function offerUpdate(registration) {
  showBanner('update', t('A new version of the app is ready. Your records stay on this phone.'), t('Reload now'), async () => {
    asked = true;
    // Let a running sync finish first so no answer is lost half-applied.
    const started = Date.now();
    while (syncState().running && Date.now() - started < 30000) await new Promise((r) => setTimeout(r, 200));
    if (registration.waiting) registration.waiting.postMessage({ action: 'skipWaiting' });
    else location.reload();
  });
}

export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  let registration;
  try {
    registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  } catch (error) {
    console.warn('Service worker not registered', error);
    return null;
  }
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(registration);
    });
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!asked) return;
    asked = false;
    location.reload();
  });
  const check = () => registration.update().catch(() => {});
  window.addEventListener('online', check);
  setInterval(check, 30 * 60000);
  return registration;
}
