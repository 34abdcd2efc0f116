// The vault: records not yet synced, sealed on a phone a coordinator signed out (docs/field-app.md
// "A signed-out phone"). At sign-in the password derives an AES-GCM key (PBKDF2-SHA-256, a fresh
// random salt); the key is kept in IndexedDB only as a non-extractable CryptoKey, and only while
// signed in. When the server answers that the phone was signed out (401 reason revoked or
// deactivated), the outbox and its records are encrypted with that key into meta 'sealed', every
// pulled record is removed and the key is deleted, all in one transaction: from then on only the
// password opens them (the same user signs in again, or downloads a backup for the coordinator).
import { req, transact } from './db.js';

export const KDF_ITERATIONS = 310000;
const DATA_STORES = ['records', 'outbox', 'notices', 'meta'];
//: meta keys kept on a sealed phone: nothing personal
const KEEP_META = new Set(['sealed', 'lang', 'lang_pending', 'hlc']);

function bytes(length) {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** The AES-GCM key of password + salt (non-extractable: no script can read it out). */
export async function deriveKey(password, salt, iterations = KDF_ITERATIONS) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false,
    ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** At sign-in: a key for this session, from the password the user just typed (never stored). */
export async function keyForSession(password) {
  const salt = bytes(16);
  return { key: await deriveKey(password, salt), salt, iterations: KDF_ITERATIONS };
}

/** Keep the session's key (inside the transaction that stores the session). */
export function storeKey(tx, vaultKey) {
  tx.objectStore('meta').put(vaultKey, 'vault');
}

export function sealedInfo() {
  return transact(['meta'], 'readonly', async (tx) => {
    const sealed = await req(tx.objectStore('meta').get('sealed'));
    return sealed ? { count: sealed.count, oldest: sealed.oldest, user: sealed.user, reason: sealed.reason,
      at: sealed.at, encrypted: !!sealed.ciphertext } : null;
  });
}

async function readOutbox() {
  return transact(['outbox', 'records', 'meta'], 'readonly', async (tx) => {
    const entries = await req(tx.objectStore('outbox').getAll());
    const records = [];
    for (const entry of entries) {
      const record = await req(tx.objectStore('records').get([entry.entity, entry.id]));
      if (record && !records.some((r) => r.entity === record.entity && r.id === record.id)) records.push(record);
    }
    return { entries, records, vault: await req(tx.objectStore('meta').get('vault')) };
  });
}

/**
 * The server says a coordinator signed this phone out (reason 'revoked') or deactivated its user
 * ('deactivated'): seal what waits, remove everything pulled. Resolves with how many changes were sealed.
 */
export async function sealAndWipe(reason, user) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const { entries, records, vault } = await readOutbox();
    let sealed = null;
    if (entries.length) {
      const base = { count: entries.length, oldest: Math.min(...entries.map((e) => e.created_at || Date.now())),
        user: user ? { id: user.id, username: user.username } : null, reason, at: Date.now() };
      if (vault && vault.key) {
        const iv = bytes(12);
        const plain = new TextEncoder().encode(JSON.stringify({ entries, records }));
        const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, vault.key, plain);
        sealed = { ...base, salt: vault.salt, iterations: vault.iterations, iv, ciphertext };
      } else {
        // Signed in before this version: no key to seal with. The records stay, unsealed (documented).
        sealed = { ...base, plain: { entries, records } };
      }
    }
    const written = await transact(DATA_STORES, 'readwrite', async (tx) => {
      // Saved meanwhile (another tab)? Seal again with it.
      if ((await req(tx.objectStore('outbox').count())) !== entries.length) return false;
      for (const store of ['records', 'outbox', 'notices']) tx.objectStore(store).clear();
      const meta = tx.objectStore('meta');
      for (const key of await req(meta.getAllKeys())) if (!KEEP_META.has(key)) meta.delete(key);
      if (sealed) meta.put(sealed, 'sealed');
      meta.put({ token: null, user: user ? { id: user.id, username: user.username } : null, needs_auth: true,
        signed_out: reason }, 'session');
      return true;
    });
    if (written) return entries.length;
  }
  throw new Error('The outbox kept changing while it was being sealed');
}

/** Open the sealed records with the password; throws Error('wrong-password') when it does not open them. */
export async function unseal(password) {
  const sealed = await transact(['meta'], 'readonly', (tx) => req(tx.objectStore('meta').get('sealed')));
  if (!sealed) return null;
  if (sealed.plain) return { ...sealed.plain, sealed };
  const key = await deriveKey(password, sealed.salt, sealed.iterations);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.ciphertext);
    return { ...JSON.parse(new TextDecoder().decode(plain)), sealed };
  } catch {
    throw new Error('wrong-password');
  }
}

/** Signed in again as the same user: the opened records go back to the outbox and sync. */
export function restore(opened, tx) {
  const outbox = tx.objectStore('outbox');
  const records = tx.objectStore('records');
  for (const entry of opened.entries) outbox.put(entry);
  for (const record of opened.records) records.put(record);
  tx.objectStore('meta').delete('sealed');
}
