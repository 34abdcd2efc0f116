// Applying a sync answer inside one IndexedDB transaction: the results of the
// pushed changes, then the pulled records. Local edits still waiting are laid
// over what the server sends, so a pull never hides an unsynced value.
import { req } from './db.js';
import { queueRefetch } from './outbox.js';

//: fields the server refuses to fill again once a person's data was erased on request (docs/sync.md)
const ERASED = {
  participant: ['code', 'given_name', 'family_name', 'exit_reason'], attendance: ['note'], assessment: ['note'],
  mentoring_goal: ['title', 'notes'], outcome: ['employer_name'], survey_response: ['answers'],
};

function without(data, names) {
  const copy = { ...data };
  for (const name of names) delete copy[name];
  return copy;
}

/** Whether a pulled record belongs to a person erased on request (their participant record was pulled first). */
async function ofErasedPerson(tx, change) {
  if (!ERASED[change.entity] || !change.data) return false;
  if (change.entity === 'participant') return Boolean(change.data.erased_at);
  const pid = change.data.participant_id;
  if (!pid) return false;
  const person = await req(tx.objectStore('records').get(['participant', pid]));
  return Boolean(person && person.data && person.data.erased_at);
}

function pendingFor(tx, entity, id) {
  return req(tx.objectStore('outbox').index('record').getAll([entity, id]));
}

async function setVersion(tx, entity, id, version) {
  if (!version) return;
  const records = tx.objectStore('records');
  const record = await req(records.get([entity, id]));
  if (record && (record.version == null || version > record.version)) {
    record.version = version;
    records.put(record);
  }
}

/** Fields the server set on a create the phone sent without them (a participant's assigned code, docs/sync.md). */
async function takeServerFields(tx, entry, data) {
  if (entry.entity !== 'participant' || typeof data.code !== 'string') return;
  const records = tx.objectStore('records');
  const record = await req(records.get([entry.entity, entry.id]));
  if (!record || record.data.code) return; // the phone's own edit since then wins, as on the server
  record.data = { ...record.data, code: data.code };
  records.put(record);
}

export async function applyResults(tx, batch, results) {
  const bySeq = new Map(batch.map((entry) => [entry.mutation_id, entry]));
  const outbox = tx.objectStore('outbox');
  const notices = tx.objectStore('notices');
  for (const result of results) {
    const entry = bySeq.get(result.mutation_id);
    if (!entry) continue;
    if (['applied', 'duplicate', 'conflict'].includes(result.status)) {
      outbox.delete(entry.seq);
      await setVersion(tx, entry.entity, entry.id, result.version);
      if (result.data) await takeServerFields(tx, entry, result.data);
      if (result.status === 'conflict') {
        notices.put({ id: entry.mutation_id, kind: 'conflict', entity: entry.entity, record_id: entry.id,
          data: entry.data, at: Date.now() });
        await queueRefetch(tx, entry.entity, entry.id);
      }
    } else if (result.status === 'rejected') {
      // erased on request: the refused names and notes do not stay on the phone either
      if (result.reason === 'erased') entry.data = without(entry.data, Object.keys(result.errors || {}));
      Object.assign(entry, { state: 'rejected', reason: result.reason || 'validation', errors: result.errors || {},
        rejected_at: Date.now() });
      outbox.put(entry);
    }
  }
}

/** Store one record the server sent (upsert, delete or evict). */
export async function applyServerRecord(tx, change) {
  const records = tx.objectStore('records');
  const key = [change.entity, change.id];
  const waiting = await pendingFor(tx, change.entity, change.id);
  if (change.op === 'evict' || change.op === 'delete' || (change.data && change.data.deleted)) {
    if (!waiting.length) {
      records.delete(key);
      return;
    }
    const local = await req(records.get(key));
    if (local) {
      local.deleted = change.op !== 'evict';
      local.evicted = change.op === 'evict';
      records.put(local);
    }
    return;
  }
  const data = { ...change.data };
  const erased = await ofErasedPerson(tx, change);
  for (const entry of waiting) Object.assign(data, erased ? without(entry.data, ERASED[change.entity]) : entry.data);
  records.put({ entity: change.entity, id: change.id, version: change.version, data, deleted: false });
}
