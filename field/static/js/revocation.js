// A coordinator signed this phone out, or deactivated its user: the server's 401 says so
// (reason 'revoked' or 'deactivated', docs/sync.md "Signed out"). Everything pulled leaves the
// phone; what was not yet sent stays, sealed with the user's password (vault.js).
import { emit } from './events.js';
import { currentUser, loadSession } from './session.js';
import { sealAndWipe } from './vault.js';

export const SIGNED_OUT_REASONS = ['revoked', 'deactivated'];

let sealing = null;

export function signedOutBy(reason) {
  if (!sealing) sealing = seal(reason).finally(() => { sealing = null; });
  return sealing;
}

async function seal(reason) {
  await sealAndWipe(reason, currentUser());
  await loadSession();
  if (self.caches) {
    for (const name of await caches.keys()) {
      if (!name.startsWith('fm-shell-')) await caches.delete(name);
    }
  }
  sessionStorage.clear();
  emit('outbox-changed');
  emit('sync-state');
  emit('data-changed');
  location.hash = '#/signin';
}
