// Wire fields a phone writes, per entity (SYNC.md "Entities").
export const WRITABLE = {
  participant: ['programme_id', 'cohort_id', 'code', 'given_name', 'family_name', 'gender', 'birth_year',
    'target_groups', 'consent_on', 'enrolled_on', 'exited_on', 'exit_reason'],
  session: ['cohort_id', 'date', 'start_time', 'duration_minutes', 'kind', 'topic', 'notes', 'location', 'mentee_ids'],
  attendance: ['session_id', 'participant_id', 'status', 'minutes', 'note'],
  assessment: ['participant_id', 'skill_id', 'level', 'assessed_on', 'session_id', 'note'],
  mentoring_goal: ['participant_id', 'mentor_id', 'title', 'status', 'due_on', 'notes'],
  outcome: ['participant_id', 'kind', 'site_id', 'employer_name', 'started_on', 'contract', 'verified'],
  handover_note: ['participant_id', 'goal_id', 'written_on', 'note'],
  survey_response: ['form_id', 'form_version', 'participant_id', 'site_id', 'answers', 'collected_on', 'location'],
};

export function writableData(entity, data) {
  const out = {};
  for (const name of WRITABLE[entity] || []) {
    if (data[name] !== undefined) out[name] = data[name];
  }
  return out;
}

export function sameValue(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A stored record as screens use it: its wire data plus id and version. */
export function flat(record) {
  return record ? { ...record.data, id: record.id, version: record.version, local_at: record.local_at || 0 } : null;
}
