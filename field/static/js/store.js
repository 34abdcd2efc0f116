// Reading records for the screens: plain objects {id, version, …wire fields}.
import { getAll, getOne } from './db.js';
import { flat } from './entities.js';
import { currentUser } from './session.js';
import { byName, collator } from './ui.js';

function live(rows) {
  return rows.filter((r) => !r.deleted).map(flat);
}

export async function all(entity) {
  return live(await getAll('records', 'entity', entity));
}

export async function get(entity, id) {
  if (id == null) return null;  // e.g. the cohort of a private session or of a person without one
  const record = await getOne('records', [entity, id]);
  return record && !record.deleted ? flat(record) : null;
}

export async function byField(index, entity, value) {
  return live(await getAll('records', index, [entity, value]));
}

export const byCohort = (entity, cohortId) => byField('cohort', entity, cohortId);
export const bySession = (entity, sessionId) => byField('session', entity, sessionId);
export const byParticipant = (entity, participantId) => byField('participant', entity, participantId);

/** Cohorts the user trains or mentors; coordinators and admins see every cohort pulled. */
export async function myCohorts() {
  const user = currentUser();
  const cohorts = await all('cohort');
  const mine = cohorts.filter((c) => (c.trainer_ids || []).includes(user.id) || (c.mentor_ids || []).includes(user.id));
  const list = mine.length ? mine : cohorts;
  return list.sort((a, b) => collator().compare(a.name || '', b.name || ''));
}

/** Who was in the cohort on a date (all, without one), by name. */
export function activeOn(people, onDate) {
  // the register window (issue 14): enrolled on or before the day and not exited before it (the server's rule too)
  return people.filter((p) => !onDate || ((!p.enrolled_on || p.enrolled_on <= onDate) && (!p.exited_on || p.exited_on >= onDate)))
    .sort(byName);
}

export async function participantsOf(cohortId, onDate) {
  return activeOn(await byCohort('participant', cohortId), onDate);
}

/** The language of a cohort's programme: where a label has no text in the user's language, its text in this
 * one comes next (labels.js localized()). */
export async function programmeLocale(cohort) {
  const programme = cohort ? await get('programme', cohort.programme_id) : null;
  return (programme && programme.default_locale) || '';
}

export async function occupationOf(cohort) {
  return cohort ? get('occupation', cohort.occupation_id) : null;
}

export async function skillsOf(occupationId) {
  const skills = await all('skill');
  return skills.filter((s) => s.occupation_id === occupationId).sort((a, b) => a.position - b.position);
}

/** By date, newest first; on the same day the later write first (unsynced ones are the latest). */
export function newestFirst(a, b) {
  const order = (r) => (r.version == null ? Number.MAX_SAFE_INTEGER : r.version);
  return (b.date || b.assessed_on || '').localeCompare(a.date || a.assessed_on || '')
    || order(b) - order(a) || b.local_at - a.local_at;
}

/** Mentees of the signed-in mentor: through goals, or through cohorts they mentor. */
export async function myMentees() {
  const user = currentUser();
  const goals = (await all('mentoring_goal')).filter((g) => g.mentor_id === user.id);
  const cohorts = (await all('cohort')).filter((c) => (c.mentor_ids || []).includes(user.id));
  const ids = new Set(goals.map((g) => g.participant_id));
  const people = await all('participant');
  const cohortIds = new Set(cohorts.map((c) => c.id));
  return people.filter((p) => ids.has(p.id) || cohortIds.has(p.cohort_id)).sort(byName);
}

/** Whether a session is a private mentoring session: it names its mentees and has no cohort. */
export function isPrivate(session) {
  return Boolean(session && session.mentee_ids && session.mentee_ids.length);
}

/** The people a session's register lists: a private session's named mentees, else its cohort's on its date. */
export async function peopleOfSession(session) {
  if (isPrivate(session)) {
    const people = (await Promise.all(session.mentee_ids.map((id) => get('participant', id)))).filter(Boolean);
    return people.sort(byName);
  }
  return session && session.cohort_id ? participantsOf(session.cohort_id, session.date) : [];
}

/** A person's mentoring hours as recorded on this phone: present or late at mentoring sessions (minutes when
 *  recorded, else the session's length), in person / remote and by diaspora / local mentor (who recorded it). */
export async function mentoringHours(personId) {
  const marks = (await byParticipant('attendance', personId)).filter((a) => a.status === 'present' || a.status === 'late');
  const users = new Map((await all('user')).map((u) => [u.id, u]));
  const minutes = { total: 0, in_person: 0, remote: 0, diaspora: 0, local: 0, training: 0 };
  for (const mark of marks) {
    const session = await get('session', mark.session_id);
    if (!session) continue;
    const spent = mark.minutes ?? session.duration_minutes ?? 0;
    if (session.kind !== 'mentoring' && session.kind !== 'remote_mentoring') {
      minutes.training += spent;
      continue;
    }
    minutes.total += spent;
    minutes[session.kind === 'remote_mentoring' ? 'remote' : 'in_person'] += spent;
    const author = users.get(session.created_by || session.updated_by);
    minutes[author && author.diaspora ? 'diaspora' : 'local'] += spent;
  }
  const hours = {};
  for (const [key, value] of Object.entries(minutes)) hours[key] = Math.round(value / 6) / 10;
  return hours;
}

/** The signed-in user's mentees by mentoring goal: the people they may hold a private session with. */
export async function myGoalMentees() {
  const user = currentUser();
  const ids = new Set((await all('mentoring_goal')).filter((g) => g.mentor_id === user.id).map((g) => g.participant_id));
  const people = (await all('participant')).filter((p) => ids.has(p.id));
  return people.sort((a, b) => `${a.family_name} ${a.given_name}`.localeCompare(`${b.family_name} ${b.given_name}`));
}
