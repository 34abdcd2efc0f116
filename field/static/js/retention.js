// Retention on the phone (DESIGN.md "Security and privacy baseline", docs/field-app.md "Retention"):
// records pulled to the phone that the work no longer needs — last needed longer ago than their
// programme's `retention_days` — are removed at start and after each sync. Only records the server
// already has: never one with a change waiting in the outbox, nor a person or session that such a
// change refers to. A removed record comes back by pull if it changes on the server again.
import { req, transact } from './db.js';
import { emit } from './events.js';

const DAY = 86400000;
const DEFAULT_DAYS = 180;
//: entities about people, in the order they are judged (dependents before the records they refer to)
const PERSONAL = ['attendance', 'assessment', 'mentoring_goal', 'outcome', 'survey_response', 'review', 'session',
  'participant'];

function time(value) {
  if (!value) return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The last day a record was needed: its last change, or a later day it is about. */
function lastNeeded(record, byKey) {
  const d = record.data || {};
  const cohort = (id) => byKey.get(`cohort:${id}`);
  const dates = [d.updated_at, d.date, d.assessed_on, d.due_on, d.started_on, d.collected_on, d.exited_on];
  if (record.entity === 'attendance') {
    const session = byKey.get(`session:${d.session_id}`);
    if (session) dates.push(session.data.date);
  }
  if (record.entity === 'participant') {
    const c = cohort(d.cohort_id);
    const ended = c && (c.data.closed_on || c.data.ends_on);
    // someone still in a running cohort is needed for the work, whatever the age of their record
    if (!d.exited_on && c && !ended) return Infinity;
    if (c && ended) dates.push(ended);
  }
  return Math.max(...dates.map(time));
}

function programmeOf(record, byKey) {
  const d = record.data || {};
  if (d.programme_id) return d.programme_id;
  const viaCohort = (id) => (byKey.get(`cohort:${id}`) || { data: {} }).data.programme_id;
  if (d.cohort_id) return viaCohort(d.cohort_id);
  const person = byKey.get(`participant:${d.participant_id}`);
  if (person) return person.data.programme_id || viaCohort(person.data.cohort_id);
  const session = byKey.get(`session:${d.session_id}`);
  return session ? viaCohort(session.data.cohort_id) : null;
}

/** The strictest retention window of the programmes on the phone, in days. */
export async function retentionDays() {
  const programmes = await transact(['records'], 'readonly', (tx) =>
    req(tx.objectStore('records').index('entity').getAll('programme')));
  const days = programmes.map((r) => Number(r.data.retention_days)).filter((n) => n > 0);
  return days.length ? Math.min(...days) : DEFAULT_DAYS;
}

/** Remove expired, synced records; resolves with how many went. */
export async function pruneExpired(now = Date.now()) {
  const removed = await transact(['records', 'outbox', 'meta'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    const all = await req(store.getAll());
    const waiting = await req(tx.objectStore('outbox').getAll());
    const byKey = new Map(all.map((r) => [`${r.entity}:${r.id}`, r]));
    const days = new Map(all.filter((r) => r.entity === 'programme')
      .map((r) => [r.id, Number(r.data.retention_days) > 0 ? Number(r.data.retention_days) : DEFAULT_DAYS]));
    const strictest = days.size ? Math.min(...days.values()) : DEFAULT_DAYS;
    // Records a waiting change is, or refers to, stay.
    const keep = new Set();
    for (const entry of waiting) {
      keep.add(`${entry.entity}:${entry.id}`);
      const record = byKey.get(`${entry.entity}:${entry.id}`);
      const d = { ...(record ? record.data : {}), ...entry.data };
      if (d.participant_id) keep.add(`participant:${d.participant_id}`);
      if (d.session_id) keep.add(`session:${d.session_id}`);
    }
    const gone = new Set();
    for (const entity of PERSONAL) {
      for (const record of all) {
        const key = `${record.entity}:${record.id}`;
        if (record.entity !== entity || keep.has(key) || record.version == null) continue;
        const window = (days.get(programmeOf(record, byKey)) || strictest) * DAY;
        if (now - lastNeeded(record, byKey) > window) {
          gone.add(key);
        } else {
          // a record still needed keeps the person and the session it is about
          if (record.data.participant_id) keep.add(`participant:${record.data.participant_id}`);
          if (record.data.session_id) keep.add(`session:${record.data.session_id}`);
        }
      }
    }
    for (const key of gone) {
      if (keep.has(key)) continue;
      const record = byKey.get(key);
      store.delete([record.entity, record.id]);
    }
    const count = [...gone].filter((key) => !keep.has(key)).length;
    if (count) tx.objectStore('meta').put({ at: now, removed: count }, 'retention_last');
    return count;
  });
  if (removed) emit('data-changed');
  return removed;
}
