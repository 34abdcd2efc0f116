// The sync engine (SYNC.md): push the outbox in batches of 500 and pull what
// changed, in one round trip per batch, until nothing is left either way.
// Runs on start, on 'online', on a timer, when the service worker's
// Background Sync fires, and on "Sync now". A failed round changes nothing
// locally and is retried with backoff; a 401 keeps the outbox and asks for
// the password again. A body the server cannot read at all (a whole-request
// 400 with errors.body) is split, as a 413 is, until the one change it cannot
// read is alone: that one is set aside for the user to fix or discard, and
// every other change goes through.
import { ApiError, apiFetch } from './api.js';
import { req, transact } from './db.js';
import { clockState, receive } from './hlc.js';
import { deviceId } from './ids.js';
import { emit } from './events.js';
import { markSignInNeeded, session } from './session.js';
import { applyResults, applyServerRecord } from './sync-apply.js';
import { SIGNED_OUT_REASONS, signedOutBy } from './revocation.js';
import { pruneExpired } from './retention.js';
import { heldSeqs, parentsFirst } from './waiting.js';

export const SCHEMA_VERSION = 1;
const MAX_ROUNDS = 200;
const state = { running: false, failures: 0, error: null, updateRequired: false, batchSize: 500, nextTry: null,
  splitFrom: null };
let running = null;
let queued = null;
let retryTimer = null;

export function syncState() {
  return { ...state };
}

/**
 * Start a sync. While one runs, the caller gets the NEXT run (queued once), so that
 * what it saved or expects from the server is in the answer it waits for.
 */
export function syncNow() {
  if (!running) {
    // One sync at a time across tabs too (each would send the same batch).
    const started = navigator.locks ? navigator.locks.request('fm-sync', run) : run();
    running = started.finally(() => { running = null; });
    return running;
  }
  if (!queued) queued = running.then(() => { queued = null; return syncNow(); });
  return queued;
}

async function takeBatch(limit) {
  return transact(['outbox', 'records'], 'readwrite', async (tx) => {
    const store = tx.objectStore('outbox');
    const held = await heldSeqs(tx); // changes that wait for a refused record (waiting.js)
    const batch = [];
    let cursor = await req(store.openCursor());
    while (cursor && batch.length < limit) {
      const entry = cursor.value;
      if (entry.state === 'pending' && !held.has(entry.seq) && !(entry.hold_until > Date.now())) {
        // Once sent, an entry is frozen: its mutation_id may already be applied.
        entry.attempts = (entry.attempts || 0) + 1;
        entry.last_attempt = Date.now();
        cursor.update(entry);
        batch.push(entry);
      }
      cursor.continue();
      cursor = await req(cursor.request);
    }
    return parentsFirst(batch);
  });
}

function wireChange(entry) {
  const { mutation_id, entity, id, op, data, hlc, base_version } = entry;
  return { mutation_id, entity, id, op, data, hlc, base_version };
}

/** A whole-request 400 for a body the server could not parse (SYNC.md "Errors", docs/sync.md). */
function unreadable(error) {
  return error instanceof ApiError && error.status === 400 && !!(error.body.errors && error.body.errors.body);
}

/** Split the batch the server could not read; once a change is alone, set it aside as rejected. */
async function isolate(batch) {
  if (batch.length > 1) {
    if (state.splitFrom == null) state.splitFrom = state.batchSize;
    state.batchSize = Math.max(1, Math.floor(batch.length / 2));
    return;
  }
  await transact(['outbox'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const entry = await req(outbox.get(batch[0].seq));
    if (!entry) return;
    Object.assign(entry, { state: 'rejected', reason: 'unreadable', errors: {}, rejected_at: Date.now() });
    outbox.put(entry);
  });
  state.batchSize = state.splitFrom ?? state.batchSize;
  state.splitFrom = null;
}

/** What stays on the phone once this batch is through (optional `unsynced`, docs/sync.md "Device reports"). */
async function report(batch) {
  const sent = new Set(batch.map((entry) => entry.seq));
  const [entries, label] = await transact(['outbox', 'meta'], 'readonly', (tx) => Promise.all([
    req(tx.objectStore('outbox').getAll()), req(tx.objectStore('meta').get('device_label'))]));
  const left = entries.filter((entry) => !sent.has(entry.seq));
  const oldest = left.length ? Math.min(...left.map((entry) => entry.created_at || Date.now())) : null;
  const extra = { unsynced: { count: left.length,
    oldest_age_s: oldest == null ? null : Math.max(0, Math.round((Date.now() - oldest) / 1000)) } };
  if (label) extra.device_name = label;
  return extra;
}

async function round(token, cursor) {
  const batch = await takeBatch(state.batchSize);
  let answer;
  try {
    answer = await apiFetch('/sync', {
      method: 'POST',
      token,
      body: { device_id: deviceId(), schema_version: SCHEMA_VERSION, cursor, changes: batch.map(wireChange),
        pull_limit: 500, ...(await report(batch)) },
    });
  } catch (error) {
    if (!unreadable(error) || !batch.length) throw error;
    await isolate(batch);
    return { more: true, pushed: 0, cursor, split: true };
  }
  receive(answer.server_time);
  await transact(['records', 'outbox', 'notices', 'meta'], 'readwrite', async (tx) => {
    await applyResults(tx, batch, answer.results || []);
    for (const change of answer.changes || []) await applyServerRecord(tx, change);
    const meta = tx.objectStore('meta');
    meta.put(answer.cursor, 'cursor');
    meta.put(clockState(), 'hlc');
  });
  return { more: !!answer.more, pushed: batch.length, cursor: answer.cursor };
}

async function refetchQueued(token) {
  const list = (await transact(['meta'], 'readonly', (tx) => req(tx.objectStore('meta').get('refetch')))) || [];
  for (const [entity, id] of list) {
    let change;
    try {
      change = await apiFetch(`/${entity}/${id}`, { token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      change = { entity, id, op: 'evict' };
    }
    await transact(['records', 'outbox', 'meta'], 'readwrite', async (tx) => {
      await applyServerRecord(tx, change);
      const meta = tx.objectStore('meta');
      const left = ((await req(meta.get('refetch'))) || []).filter(([e, i]) => e !== entity || i !== id);
      meta.put(left, 'refetch');
    });
  }
}

async function run() {
  const current = session();
  if (!current || current.needs_auth || state.updateRequired) return { ok: false };
  clearTimeout(retryTimer);
  state.running = true;
  emit('sync-state');
  try {
    let cursor = await transact(['meta'], 'readonly', (tx) => req(tx.objectStore('meta').get('cursor')));
    for (let i = 0; i < MAX_ROUNDS; i += 1) {
      const result = await round(current.token, cursor ?? null);
      cursor = result.cursor;
      if (result.split) continue;
      if (!result.more && result.pushed < state.batchSize) break;
    }
    await refetchQueued(current.token);
    await transact(['meta'], 'readwrite', (tx) => tx.objectStore('meta').put(Date.now(), 'last_sync_ok'));
    await pruneExpired();
    Object.assign(state, { failures: 0, error: null, nextTry: null });
    return { ok: true };
  } catch (error) {
    handleFailure(error);
    return { ok: false, error };
  } finally {
    state.running = false;
    emit('sync-state');
    emit('data-changed');
  }
}

function handleFailure(error) {
  const errors = (error instanceof ApiError && error.status === 400 && error.body.errors) || {};
  if (errors.cursor) {
    // The server no longer knows our cursor (e.g. its key changed): pull everything again.
    transact(['meta'], 'readwrite', (tx) => tx.objectStore('meta').delete('cursor')).then(() => syncNow());
    return;
  }
  if (error instanceof ApiError && error.status === 401 && SIGNED_OUT_REASONS.includes(error.body.reason)) {
    state.error = 'signed-out';
    signedOutBy(error.body.reason);
    return;
  }
  if ((error instanceof ApiError && error.status === 401) || errors.device_id) {
    state.error = 'auth';
    markSignInNeeded();
    return;
  }
  if (error instanceof ApiError && error.status === 409 && error.body.min_schema_version) {
    state.error = 'update';
    state.updateRequired = true;
    return;
  }
  if (error instanceof ApiError && error.status === 413) state.batchSize = Math.max(1, Math.floor(state.batchSize / 2));
  state.error = error instanceof ApiError ? 'server' : 'network';
  state.failures += 1;
  const delay = Math.min(300000, 2000 * 2 ** Math.min(state.failures, 8)) * (0.5 + Math.random() / 2);
  state.nextTry = Date.now() + delay;
  retryTimer = setTimeout(syncNow, delay);
}

/** Signed in again after a 401: the queued records go now. */
export function resumeAfterSignIn() {
  state.error = null;
  state.failures = 0;
  return syncNow();
}
