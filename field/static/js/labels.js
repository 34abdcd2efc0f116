// Words for the wire's enumerations, translated (each t() takes a literal so
// pybabel extracts it).
import { currentLocale, pt, t } from './i18n.js';

export function sessionKinds() {
  return [['training', t('Training')], ['on_the_job', t('On the job')], ['mentoring', t('Mentoring visit')],
    ['remote_mentoring', t('Remote mentoring')], ['assessment', t('Assessment')], ['other', t('Other')]];
}

/** Attendance words for a person of this gender: some languages say them differently of a woman and of a man
 * (Bosnian "Izostala", "Izostao"); other and undisclosed genders get the plain words. */
export function attendanceStatuses(gender) {
  if (gender === 'female') {
    // TRANSLATORS: the attendance of a woman (Bosnian: "Izostala", not "Izostao"); as the plain word if your
    // language says it the same of anyone
    return { present: pt('of a woman', 'Present'), absent: pt('of a woman', 'Absent'), late: pt('of a woman', 'Late'),
      excused: pt('of a woman', 'Excused') };
  }
  if (gender === 'male') {
    // TRANSLATORS: the attendance of a man; as the plain word if your language says it the same of anyone
    return { present: pt('of a man', 'Present'), absent: pt('of a man', 'Absent'), late: pt('of a man', 'Late'),
      excused: pt('of a man', 'Excused') };
  }
  return { present: t('Present'), absent: t('Absent'), late: t('Late'), excused: t('Excused') };
}

/** "A-001 · left the programme", said of a person of this gender; params: {code}. */
export function leftProgramme(gender, params) {
  // TRANSLATORS: said of a woman (Bosnian "napustila")
  if (gender === 'female') return pt('of a woman', '%(code)s · left the programme', params);
  // TRANSLATORS: said of a man (Bosnian "napustio")
  if (gender === 'male') return pt('of a man', '%(code)s · left the programme', params);
  return t('%(code)s · left the programme', params);
}

export function genders() {
  return [['female', t('Female')], ['male', t('Male')], ['other', t('Other')], ['undisclosed', t('Not said')]];
}

export function targetGroups() {
  return [['neet', t('Not in employment, education or training (NEET)')], ['refugee', t('Refugee')],
    ['returnee', t('Returnee')], ['idp', t('Internally displaced')], ['long_term_unemployed', t('Long-term unemployed')],
    ['roma', t('Roma')], ['disability', t('Person with a disability')], ['minority', t('Minority')]];
}

export function goalStatuses() {
  return [['open', t('Open')], ['in_progress', t('In progress')], ['done', t('Done')], ['dropped', t('Dropped')]];
}

export function labelOf(pairs, value) {
  const found = pairs.find(([key]) => key === value);
  return found ? found[1] : value;
}

function pick(labels, programmeLang) {
  const lang = currentLocale();
  const found = [lang, lang.split('_')[0], programmeLang].find((l) => l && typeof labels[l] === 'string' && labels[l].trim());
  return found ? labels[found] : '';
}

/** A record's name: labels[user's language], else labels[programme's default_locale], else its own name/label
 * (the server's field/labels.py follows the same order). */
export function localized(item, fallbackKey = 'name', programmeLang = '') {
  if (!item) return '';
  return pick(item.labels || {}, programmeLang) || item[fallbackKey] || '';
}

export function rubricLabel(level, programmeLang = '') {
  return localized(level, 'label', programmeLang);
}

/** A rubric level's description: labels.description[lang] → [programme language] → description. */
export function rubricDescription(level, programmeLang = '') {
  if (!level) return '';
  return pick((level.labels || {}).description || {}, programmeLang) || level.description || '';
}

export function personName(p) {
  if (p && p.erased_at) return p.code;
  return p ? `${p.given_name || ''} ${p.family_name || ''}`.trim() || codeOf(p) : t('Unknown person');
}

export function rejectionReason(reason) {
  return {
    validation: t('Some fields are not valid.'),
    forbidden: t('You may not change this record (it is outside your cohorts).'),
    unknown_entity: t('The server does not know this kind of record.'),
    deleted: t('This record was deleted on the server.'),
    read_only: t('This record can only be changed by a coordinator.'),
    erased: t("This person's data was erased on request: names and notes can no longer be added."),
    unreadable: t('The server could not read this change. Fix it or discard it; the other changes were sent.'),
  }[reason] || t('The server did not accept this change.');
}

/** A participant's code, or the provisional words shown until the server's code arrives (issue 14). */
export function codeOf(p) {
  return (p && p.code) || t('new · pending sync');
}

/** The label a form shows for a wire field, for problems the server reports under a field's name. */
export function fieldLabel(entity, name) {
  const common = {
    programme_id: t('Programme'), cohort_id: t('Cohort'), participant_id: t('Participant'), session_id: t('Session'),
    skill_id: t('Skill'), mentor_id: t('Mentor'), site_id: t('Site'), form_id: t('Survey form'), status: t('Status'),
    note: t('Note (optional)'), notes: t('Notes (optional)'), date: t('Date'), id: t('Record'),
  };
  const own = {
    participant: { code: t('Code'), given_name: t('Given name'), family_name: t('Family name'), gender: t('Gender'),
      birth_year: t('Year of birth'), target_groups: t('Target groups'), consent_on: t('Consent given on'),
      enrolled_on: t('Enrolled on'), exited_on: t('Left on (optional)'), exit_reason: t('Reason for leaving (optional)') },
    session: { kind: t('Kind of session'), start_time: t('Start time (optional)'), duration_minutes: t('Duration in minutes'),
      topic: t('Topic'), location: t('Location') },
    attendance: { minutes: t('Minutes') },
    assessment: { level: t('Level'), assessed_on: t('Date of assessment') },
    mentoring_goal: { title: t('Goal'), due_on: t('Due on (optional)'), notes: t('Notes across visits') },
  };
  return (own[entity] || {})[name] || common[name] || t('Other');
}
