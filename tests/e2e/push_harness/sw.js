// The main worker's part as far as push needs it: import the push handlers and take control.
// With ?mode=worker it also offers self.fieldMentorSync (here it tells the test server it ran);
// with ?mode=window it does not, and the "sync" push asks the open page instead, as sw.js does.
importScripts('/static/sw-push.js');

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

if (new URL(self.location.href).searchParams.get('mode') !== 'window') {
  self.fieldMentorSync = async () => {
    const response = await fetch('/e2e-push/synced', { method: 'POST' });
    return response.ok;
  };
}
