// Saving: the record and its outbox entry are written in ONE transaction, so a
// saved record is always on its way to the server. An entry never sent yet
// takes later edits of the same record; one that was sent keeps its
// mutation_id and data forever (a retry must be the same change).
import { req, transact } from './db.js';
import { clockState, tick } from './hlc.js';
import { uuid4 } from './ids.js';
import { sameValue, writableData } from './entities.js';
import { emit } from './events.js';
import { releaseDependents, waitingByParent } from './waiting.js';

function entriesOf(tx, entity, id) {
  return req(tx.objectStore('outbox').index('record').getAll([entity, id]));
}

/** A field set to undefined is taken away (e.g. a participant's code left to the server): never stored, never sent. */
function dropUndefined(data) {
  for (const [name, value] of Object.entries(data)) if (value === undefined) delete data[name];
  return data;
}

/** The values a change overwrote (undefined: the field was not set), so it can be cancelled before it is sent. */
function overwritten(previous, changed) {
  const before = {};
  for (const name of Object.keys(changed)) before[name] = previous ? previous[name] : undefined;
  return before;
}

function writeEntry(tx, entries, record, changed, hlc, previous, holdUntil) {
  const outbox = tx.objectStore('outbox');
  const rejected = entries.filter((e) => e.state === 'rejected');
  if (rejected.length) {
    // Fixing a rejected record: resend all of it as a new change, new mutation_id.
    for (const e of rejected) outbox.delete(e.seq);
    changed = { ...writableData(record.entity, record.data) };
  }
  const open = entries.filter((e) => e.state === 'pending' && !e.attempts).pop();
  if (open && !rejected.length) {
    if (open.before) {
      for (const [name, value] of Object.entries(overwritten(previous, changed))) {
        if (!(name in open.before)) open.before[name] = value;
      }
    }
    dropUndefined(Object.assign(open.data, changed));
    open.hlc = hlc;
    if (holdUntil) open.hold_until = holdUntil;
    outbox.put(open);
    return;
  }
  outbox.add({
    mutation_id: uuid4(), entity: record.entity, id: record.id, op: 'upsert', data: dropUndefined({ ...changed }), hlc,
    base_version: record.version ?? null, state: 'pending', attempts: 0, created_at: Date.now(),
    // what this change overwrote, and whether it made the record: "cancel" puts it back (changes.js)
    before: previous ? overwritten(previous, changed) : null, creates: !previous,
    ...(holdUntil ? { hold_until: holdUntil } : {}),
  });
}

/**
 * Save fields of one record (many at once with saveRecords). Resolves once
 * IndexedDB has committed both the record and its outbox entry.
 */
export async function saveRecord(entity, id, fields) {
  return saveRecords([{ entity, id, fields }]);
}

export async function saveRecords(items, { holdMs = 0 } = {}) {
  let changedCount = 0;
  // held entries wait this long before a sync sends them (an undo offered meanwhile cancels them outright)
  const holdUntil = holdMs ? Date.now() + holdMs : 0;
  await transact(['records', 'outbox', 'meta'], 'readwrite', async (tx) => {
    const records = tx.objectStore('records');
    for (const { entity, id, fields } of items) {
      const existing = await req(records.get([entity, id]));
      const record = existing || { entity, id, version: null, data: {}, deleted: false };
      const changed = {};
      for (const [name, value] of Object.entries(fields)) {
        if (!existing ? value !== undefined : !sameValue(record.data[name], value)) changed[name] = value;
      }
      const entries = await entriesOf(tx, entity, id);
      const needsResend = entries.some((e) => e.state === 'rejected');
      if (!Object.keys(changed).length && !needsResend) continue;
      const previous = existing && !existing.deleted ? { ...existing.data } : null;
      record.data = dropUndefined({ ...record.data, ...changed });
      record.local_at = Date.now();
      records.put(record);
      writeEntry(tx, entries, record, changed, tick(), previous, holdUntil);
      changedCount += 1;
      // a refused create fixed: what waited for it goes with it, queued after it (waiting.js)
      if (needsResend && record.version == null) await releaseDependents(tx, id, tick());
    }
    if (changedCount) tx.objectStore('meta').put(clockState(), 'hlc');
  });
  if (changedCount) emit('outbox-changed');
  return changedCount;
}

/** Ask the next sync to fetch the server's copy of a record (inside a transaction on 'meta'). */
export async function queueRefetch(tx, entity, id) {
  const meta = tx.objectStore('meta');
  const list = (await req(meta.get('refetch'))) || [];
  if (!list.some(([e, i]) => e === entity && i === id)) list.push([entity, id]);
  meta.put(list, 'refetch');
}

/** Every outbox entry, oldest first. */
export function allEntries() {
  return transact(['outbox'], 'readonly', (tx) => req(tx.objectStore('outbox').getAll()));
}

/** Counts for the status bar: waiting entries, oldest waiting time, rejected ones. */
export async function outboxSummary() {
  const entries = await allEntries();
  const pending = entries.filter((e) => e.state === 'pending');
  const waiting = waitingByParent(entries, new Map()).seqs;
  return {
    waiting: pending.length + entries.filter((e) => e.state === 'rejected' && waiting.has(e.seq)).length,
    // a change waiting for a refused record is fixed with it: not a problem of its own (waiting.js)
    rejected: entries.filter((e) => e.state === 'rejected' && !waiting.has(e.seq)).length,
    oldest: entries.length ? Math.min(...entries.map((e) => e.created_at)) : null,
  };
}

/** Drop a rejected change the user chose not to fix (the record goes back to the server's copy). */
export async function discardRejected(seq) {
  await transact(['outbox', 'records', 'meta'], 'readwrite', async (tx) => {
    const entry = await req(tx.objectStore('outbox').get(seq));
    if (!entry || entry.state !== 'rejected') return;
    tx.objectStore('outbox').delete(seq);
    const record = await req(tx.objectStore('records').get([entry.entity, entry.id]));
    const others = (await entriesOf(tx, entry.entity, entry.id)).filter((e) => e.seq !== seq);
    if (others.length || !record) return;
    if (record.version == null) {
      tx.objectStore('records').delete([entry.entity, entry.id]);
    } else {
      await queueRefetch(tx, entry.entity, entry.id);
    }
  });
  emit('outbox-changed');
}

/** Send held changes with the next sync (the undo offered for them is over). */
export async function releaseHolds() {
  let released = 0;
  await transact(['outbox'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    for (const entry of await req(outbox.getAll())) {
      if (entry.hold_until) {
        delete entry.hold_until;
        outbox.put(entry);
        released += 1;
      }
    }
  });
  if (released) emit('outbox-changed');
  return released;
}
