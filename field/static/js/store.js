// Reading records for the screens: plain objects {id, version, …wire fields}.
import { getAll, getOne } from './db.js';
import { flat } from './entities.js';
import { currentUser } from './session.js';

function live(rows) {
  return rows.filter((r) => !r.deleted).map(flat);
}

export async function all(entity) {
  return live(await getAll('records', 'entity', entity));
}

export async function get(entity, id) {
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
  return list.sort((a, b) => (a.name || '').localeCompare(b.name || ''));
}

export async function participantsOf(cohortId, onDate) {
  const people = await byCohort('participant', cohortId);
  return people
    // the register window (issue 14): enrolled on or before the day and not exited before it (the server's rule too)
    .filter((p) => !onDate || ((!p.enrolled_on || p.enrolled_on <= onDate) && (!p.exited_on || p.exited_on >= onDate)))
    .sort((a, b) => `${a.family_name} ${a.given_name}`.localeCompare(`${b.family_name} ${b.given_name}`));
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
  return people.filter((p) => ids.has(p.id) || cohortIds.has(p.cohort_id))
    .sort((a, b) => `${a.family_name} ${a.given_name}`.localeCompare(`${b.family_name} ${b.given_name}`));
}
