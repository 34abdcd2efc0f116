// Taking back what was recorded on this phone: cancel a change not sent yet,
// delete a session (a tombstone, SYNC.md rule 6) with its attendance and
// assessments, and undo attendance marks. A change that was sent is never
// taken back from the outbox (its mutation_id may already be applied):
// attendance is corrected by writing the earlier status again, never deleted
// (SYNC.md rules 6-7).
import { req, transact } from './db.js';
import { clockState, tick } from './hlc.js';
import { uuid4 } from './ids.js';
import { queueRefetch, saveRecords } from './outbox.js';
import { emit } from './events.js';

/** Records that point at a session through their session_id: they go with it. */
const SESSION_DEPENDENTS = ['attendance', 'assessment'];
/** Records that point at a participant. */
const PARTICIPANT_DEPENDENTS = ['attendance', 'assessment', 'mentoring_goal', 'outcome', 'survey_response'];

const unsent = (entry) => entry.state === 'pending' && !entry.attempts;

function entriesOf(tx, entity, id) {
  return req(tx.objectStore('outbox').index('record').getAll([entity, id]));
}

async function dependentsOf(tx, entity, id) {
  const records = tx.objectStore('records');
  const [index, kinds] = entity === 'session' ? ['session', SESSION_DEPENDENTS]
    : entity === 'participant' ? ['participant', PARTICIPANT_DEPENDENTS] : [null, []];
  const found = [];
  for (const kind of kinds) found.push(...await req(records.index(index).getAll([kind, id])));
  return found;
}

/** A record never synced whose every change is still here unsent: removing it loses nothing on the server. */
async function onlyLocal(tx, record) {
  if (!record || record.version != null) return false;
  return (await entriesOf(tx, record.entity, record.id)).every(unsent);
}

async function removeLocal(tx, record) {
  for (const entry of await entriesOf(tx, record.entity, record.id)) tx.objectStore('outbox').delete(entry.seq);
  tx.objectStore('records').delete([record.entity, record.id]);
}

/** Cancel one change that has not been sent: its outbox entry goes, the record goes back. */
async function cancelIn(tx, entry) {
  const records = tx.objectStore('records');
  const key = [entry.entity, entry.id];
  const record = await req(records.get(key));
  tx.objectStore('outbox').delete(entry.seq);
  if (!record) return;
  if (entry.op === 'delete') {
    for (const [entity, id] of [[entry.entity, entry.id], ...(entry.dependents || [])]) {
      const kept = await req(records.get([entity, id]));
      if (kept && kept.deleted) {
        kept.deleted = false;
        records.put(kept);
      }
    }
    return;
  }
  const others = (await entriesOf(tx, entry.entity, entry.id)).filter((e) => e.seq !== entry.seq);
  if (entry.creates || (record.version == null && !others.length)) {
    // it made the record: the record goes, and so do records made on it here that never left the phone
    for (const dependent of await dependentsOf(tx, entry.entity, entry.id)) {
      if (await onlyLocal(tx, dependent)) await removeLocal(tx, dependent);
    }
    if (!others.length) {
      records.delete(key);
      return;
    }
  }
  for (const [name, value] of Object.entries(entry.before || {})) {
    if (value === undefined) delete record.data[name];
    else record.data[name] = value;
  }
  records.put(record);
  // the server's copy may have moved on since this change was made: the next sync fetches it
  if (record.version != null && !others.length) await queueRefetch(tx, entry.entity, entry.id);
}

/** Cancel an outbox entry that was never sent; false when it was sent meanwhile (it stays). */
export async function cancelChange(seq) {
  const cancelled = await transact(['outbox', 'records', 'meta'], 'readwrite', async (tx) => {
    const entry = await req(tx.objectStore('outbox').get(seq));
    if (!entry || !unsent(entry)) return false;
    await cancelIn(tx, entry);
    return true;
  });
  if (cancelled) {
    emit('outbox-changed');
    emit('data-changed');
  }
  return cancelled;
}

/** How many attendance marks and assessments go with a session when it is deleted. */
export async function sessionDependents(sessionId) {
  return transact(['records'], 'readonly', async (tx) => {
    const found = (await dependentsOf(tx, 'session', sessionId)).filter((r) => !r.deleted);
    return {
      attendance: found.filter((r) => r.entity === 'attendance').length,
      assessments: found.filter((r) => r.entity === 'assessment').length,
    };
  });
}

/**
 * Delete a session and what was recorded in it. Never synced and never sent: it is simply removed
 * from the phone. Otherwise a delete change (a tombstone; the server deletes the attendance and
 * assessments with it, docs/sync.md) and the records are hidden here until the server confirms.
 */
export async function deleteSession(sessionId) {
  await transact(['outbox', 'records', 'meta'], 'readwrite', async (tx) => {
    const records = tx.objectStore('records');
    const session = await req(records.get(['session', sessionId]));
    if (!session || session.deleted) return;
    const dependents = (await dependentsOf(tx, 'session', sessionId)).filter((r) => !r.deleted);
    if (await onlyLocal(tx, session)) {
      for (const dependent of dependents) {
        if (await onlyLocal(tx, dependent)) await removeLocal(tx, dependent);
      }
      await removeLocal(tx, session);
      return;
    }
    const outbox = tx.objectStore('outbox');
    // its own changes not sent yet are pointless now; the delete replaces them
    for (const entry of await entriesOf(tx, 'session', sessionId)) if (unsent(entry)) outbox.delete(entry.seq);
    const hidden = [];
    for (const dependent of dependents) {
      // and so are theirs: the server deletes the session's attendance and assessments with it
      for (const entry of await entriesOf(tx, dependent.entity, dependent.id)) if (unsent(entry)) outbox.delete(entry.seq);
      dependent.deleted = true;
      records.put(dependent);
      hidden.push([dependent.entity, dependent.id]);
    }
    session.deleted = true;
    records.put(session);
    outbox.add({
      mutation_id: uuid4(), entity: 'session', id: sessionId, op: 'delete',
      // the reference that places the tombstone if the server never had the session (docs/sync.md "Deletes")
      data: { cohort_id: session.data.cohort_id }, hlc: tick(), base_version: session.version ?? null,
      state: 'pending', attempts: 0, created_at: Date.now(), dependents: hidden,
    });
    tx.objectStore('meta').put(clockState(), 'hlc');
  });
  emit('outbox-changed');
  emit('data-changed');
}

/**
 * Put attendance back as it was before a tap or "All present": `earlier` maps attendance id →
 * {session_id, participant_id, status} (status null: the person was not marked). A mark that made
 * a record and has not been sent is cancelled (the person is "not marked" again); an earlier status
 * is written back as a new change. Resolves with how many could not go back (made and already sent).
 */
export async function undoAttendance(earlier, { holdMs = 0 } = {}) {
  const rewrite = [];
  let stuck = 0;
  await transact(['outbox', 'records', 'meta'], 'readwrite', async (tx) => {
    for (const [id, before] of earlier) {
      if (before.status) {
        rewrite.push({ entity: 'attendance', id, fields: { session_id: before.session_id,
          participant_id: before.participant_id, status: before.status } });
        continue;
      }
      const record = await req(tx.objectStore('records').get(['attendance', id]));
      if (!record) continue;
      if (await onlyLocal(tx, record)) await removeLocal(tx, record);
      else stuck += 1;
    }
  });
  if (rewrite.length) await saveRecords(rewrite, { holdMs });
  emit('outbox-changed');
  return stuck;
}
