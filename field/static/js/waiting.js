// Changes that wait for a refused record (issue 14): when the server refused to
// create a participant or a session, what points at it (attendance, assessments,
// goals…) is not sent on its own (it would only be refused too). It waits in the
// outbox, shown as "waiting for <person>", and goes with the record once it is
// fixed: the fix re-queues the record and releases its dependents in the same
// transaction, parent first. No server status is involved: the state is local.
import { req } from './db.js';
import { writableData } from './entities.js';
import { uuid4 } from './ids.js';

const PARENTS = ['participant', 'session'];
const LINKS = ['participant_id', 'session_id'];

/** Ids of records whose create the server refused (never on the server): parents others wait for. */
export function refusedCreates(entries) {
  return new Set(entries.filter((e) => e.state === 'rejected' && e.base_version == null && PARENTS.includes(e.entity))
    .map((e) => e.id));
}

/** The refused record a record's data points at, or null. */
export function parentIn(data, refused) {
  for (const link of LINKS) if (data && data[link] && refused.has(data[link])) return data[link];
  return null;
}

async function dataOf(tx, entry) {
  const record = await req(tx.objectStore('records').get([entry.entity, entry.id]));
  return { ...(record ? record.data : {}), ...entry.data };
}

/** Inside a transaction on outbox + records: seqs of pending entries that must wait (not be sent yet). */
export async function heldSeqs(tx) {
  const entries = await req(tx.objectStore('outbox').getAll());
  const refused = refusedCreates(entries);
  const held = new Set();
  if (!refused.size) return held;
  for (const e of entries) {
    if (e.state === 'pending' && !PARENTS.includes(e.entity) && parentIn(await dataOf(tx, e), refused)) held.add(e.seq);
  }
  return held;
}

/** Parents first in a batch (a change may only use a record made earlier in the request), deletes last; otherwise oldest first. */
export function parentsFirst(batch) {
  // deletes last: a change to a record the same batch deletes must arrive before the delete (which takes the
  // session's attendance and assessments with it), never after it as a change to a deleted record
  const rank = (e) => (e.op === 'delete' ? PARENTS.length + 1
    : PARENTS.includes(e.entity) ? PARENTS.indexOf(e.entity) : PARENTS.length);
  return [...batch].sort((a, b) => rank(a) - rank(b) || a.seq - b.seq);
}

/**
 * Inside the transaction that re-queues a fixed record: every refused change that points at it
 * becomes a new pending change (all its data, a new mutation_id), queued after the record itself.
 */
export async function releaseDependents(tx, parentId, hlc) {
  const outbox = tx.objectStore('outbox');
  const entries = await req(outbox.getAll());
  let released = 0;
  for (const e of entries) {
    if (e.state !== 'rejected' || PARENTS.includes(e.entity)) continue;
    const data = await dataOf(tx, e);
    if (!LINKS.some((link) => data[link] === parentId)) continue;
    outbox.delete(e.seq);
    outbox.add({ mutation_id: uuid4(), entity: e.entity, id: e.id, op: e.op, data: writableData(e.entity, data), hlc,
      base_version: e.base_version ?? null, state: 'pending', attempts: 0, created_at: e.created_at || Date.now() });
    released += 1;
  }
  return released;
}

/**
 * For the sync screen: refused or pending changes that wait for a refused record, by that record's id,
 * and the set of their seqs (these are not shown as problems of their own).
 */
export function waitingByParent(entries, recordData) {
  const refused = refusedCreates(entries);
  const byParent = new Map();
  const seqs = new Set();
  for (const e of entries) {
    if (PARENTS.includes(e.entity)) continue;
    const parent = parentIn({ ...(recordData.get(`${e.entity}:${e.id}`) || {}), ...e.data }, refused);
    if (!parent) continue;
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(e);
    seqs.add(e.seq);
  }
  return { byParent, seqs };
}
