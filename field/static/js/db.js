// IndexedDB, wrapped small. Every schema change goes in upgrade() under a new
// DB_VERSION; an open page that sees a newer version closes its handle and asks
// to reload (the service worker never takes over on its own).

const DB_NAME = 'field-mentor';
export const DB_VERSION = 1;

let opening = null;

function upgrade(db, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore('meta');
    const records = db.createObjectStore('records', { keyPath: ['entity', 'id'] });
    records.createIndex('entity', 'entity');
    records.createIndex('cohort', ['entity', 'data.cohort_id']);
    records.createIndex('session', ['entity', 'data.session_id']);
    records.createIndex('participant', ['entity', 'data.participant_id']);
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('record', ['entity', 'id']);
    db.createObjectStore('notices', { keyPath: 'id' });
  }
}

/** A request's result as a promise. */
export function req(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when the transaction commits; rejects when it fails or aborts. */
export function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error || new Error('Transaction aborted'));
  });
}

export function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          opening = null;
          window.dispatchEvent(new CustomEvent('fm:db-versionchange'));
        };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
      request.onblocked = () => window.dispatchEvent(new CustomEvent('fm:db-blocked'));
    });
  }
  return opening;
}

/**
 * Run work(tx) in one transaction and resolve with its result once committed.
 * work may await IndexedDB requests only: never the network inside a transaction.
 */
export async function transact(stores, mode, work) {
  const db = await openDb();
  const transaction = db.transaction(stores, mode);
  const committed = done(transaction);
  let result;
  try {
    result = await work(transaction);
  } catch (error) {
    try { transaction.abort(); } catch { /* already finished */ }
    committed.catch(() => {});
    throw error;
  }
  await committed;
  return result;
}

export function getMeta(key) {
  return transact(['meta'], 'readonly', (tx) => req(tx.objectStore('meta').get(key)));
}

export function setMeta(key, value) {
  return transact(['meta'], 'readwrite', (tx) => { tx.objectStore('meta').put(value, key); });
}

export function getAll(store, index, query) {
  return transact([store], 'readonly', (tx) => {
    const source = index ? tx.objectStore(store).index(index) : tx.objectStore(store);
    return req(source.getAll(query));
  });
}

export function getOne(store, key) {
  return transact([store], 'readonly', (tx) => req(tx.objectStore(store).get(key)));
}

/** Remove everything this app keeps in IndexedDB (sign-out). */
export async function deleteDatabase() {
  if (opening) {
    try { (await opening).close(); } catch { /* never opened */ }
    opening = null;
  }
  await req(indexedDB.deleteDatabase(DB_NAME));
}
