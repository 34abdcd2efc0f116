// Who is signed in on this device. The token and profile live in IndexedDB,
// so the app opens offline after one sign-in; a 401 keeps everything queued
// and only asks for the password again.
import { apiFetch } from './api.js';
import { deleteDatabase, getMeta, setMeta, transact, req } from './db.js';
import { deviceId } from './ids.js';
import { emit } from './events.js';
import { keyForSession, restore, storeKey } from './vault.js';
import { markDatabase } from './ios.js';

let current = null;

export async function loadSession() {
  current = (await getMeta('session')) || null;
  return current;
}

export function session() {
  return current;
}

export function currentUser() {
  return current ? current.user : null;
}

export function hasRole(role) {
  return !!current && !!current.user.memberships && current.user.memberships.some((m) => m.role === role);
}

/** A coordinator signed this phone out (or deactivated its user): only sign-in opens it again. */
export function signedOut() {
  return !!current && !!current.signed_out;
}

/** The name the user gave this phone (sync screen), else the browser's own description. */
export async function deviceName() {
  return (await getMeta('device_label')) || navigator.userAgent.slice(0, 120);
}

/**
 * POST /auth/token; resolves with the stored session. Throws ApiError/NetworkError.
 * The password also derives this session's vault key (vault.js), kept only as a CryptoKey;
 * ``opened``: records of a sealed phone (vault.unseal) that go back to the outbox in the same step.
 */
export async function signIn(username, password, { opened = null } = {}) {
  const [answer, vaultKey] = await Promise.all([
    apiFetch('/auth/token', {
      method: 'POST',
      body: { username, password, device_id: deviceId(), device_name: await deviceName() },
    }),
    keyForSession(password),
  ]);
  const next = { token: answer.token, expires_at: answer.expires_at, user: answer.user, needs_auth: false };
  await transact(['meta', 'outbox', 'records'], 'readwrite', (tx) => {
    tx.objectStore('meta').put(next, 'session');
    storeKey(tx, vaultKey);
    if (opened) restore(opened, tx);
  });
  current = next;
  markDatabase(true);
  emit('sync-state');
  if (opened) emit('outbox-changed');
  return next;
}

/** The server said 401: keep the records, ask for the password again. */
export async function markSignInNeeded() {
  if (!current || current.needs_auth) return;
  current = { ...current, needs_auth: true };
  await setMeta('session', current);
  emit('sync-state');
}

/** Everything personal leaves the browser: IndexedDB, data caches, the token. */
export async function signOut() {
  if (current && !current.needs_auth && current.token) {
    try {
      await apiFetch('/auth/token', { method: 'DELETE', token: current.token });
    } catch { /* offline or already revoked: the local wipe still happens */ }
  }
  current = null;
  markDatabase(false); // signed out on purpose: nothing was lost
  await deleteDatabase();
  emit('sync-state');
  if (self.caches) {
    for (const name of await caches.keys()) {
      if (!name.startsWith('fm-shell-')) await caches.delete(name);
    }
  }
  sessionStorage.clear();
}

/** Records or problems still on this device (sign-out warns about them). */
export function unsyncedCount() {
  return transact(['outbox'], 'readonly', (tx) => req(tx.objectStore('outbox').count()));
}

/** Keep a changed profile field (the language) in the stored session. */
export async function updateStoredUser(changes) {
  if (!current) return;
  current = { ...current, user: { ...current.user, ...changes } };
  await setMeta('session', current);
}
