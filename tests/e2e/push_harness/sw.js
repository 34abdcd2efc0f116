// The main worker's part as far as push needs it: import the push handlers, take control,
// and offer a sync function the "sync" push calls (here it tells the test server it ran).
importScripts('/static/sw-push.js');

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.fieldMentorSync = async () => {
  const response = await fetch('/e2e-push/synced', { method: 'POST' });
  return response.ok;
};

