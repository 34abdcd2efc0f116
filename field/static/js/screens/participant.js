// A participant's progress: attendance, hours, skills reached, goals.
import { t, tn } from '../i18n.js';
import { all, byParticipant, get, mentoringHours, newestFirst, occupationOf, programmeLocale, skillsOf } from '../store.js';
import { codeOf, genders, goalStatuses, labelOf, localized, personName, targetGroups } from '../labels.js';
import { hasRole } from '../session.js';
import { backLink, emptyState, formatDate, h, heading, iso, mount } from '../ui.js';
import { levelText } from './assess.js';
import { flagNotes } from '../flags.js';
import { ENTITY, describeText } from './problems.js';

function row(term, value) {
  return value || value === 0 ? h('div', {}, h('dt', {}, term), h('dd', {}, value instanceof Node ? value : String(value))) : null;
}

async function attendanceSummary(person) {
  // every session the person was marked at: their cohort's, and private mentoring sessions naming them
  let attended = 0;
  let minutes = 0;
  let marked = 0;
  for (const mine of await byParticipant('attendance', person.id)) {
    const s = await get('session', mine.session_id);
    if (!s) continue;
    marked += 1;
    if (mine.status === 'present' || mine.status === 'late') {
      attended += 1;
      minutes += mine.minutes ?? s.duration_minutes ?? 0;
    }
  }
  return { attended, marked, hours: Math.round(minutes / 6) / 10 };
}

export default async function render(view, { params }) {
  const person = await get('participant', params[0]);
  mount(view, backLink(person ? `participants?cohort=${person.cohort_id || ''}` : 'participants', t('Participants')));
  if (!person) {
    mount(view, heading(t('Participant not found')));
    return;
  }
  const cohort = await get('cohort', person.cohort_id);
  const occupation = await occupationOf(cohort);
  const lang = await programmeLocale(cohort);
  const rubric = occupation ? occupation.rubric || [] : [];
  const skills = occupation ? await skillsOf(occupation.id) : [];
  const assessments = (await byParticipant('assessment', person.id)).sort(newestFirst);
  const goals = (await all('mentoring_goal')).filter((g) => g.participant_id === person.id);
  const summary = await attendanceSummary(person);
  const mentoring = await mentoringHours(person.id);
  const groups = (person.target_groups || []).map((g) => labelOf(targetGroups(), g)).join(', ');

  const theirs = [...assessments.map((a) => ['assessment', a.id]),
    ...(await byParticipant('attendance', person.id)).map((a) => ['attendance', a.id])];
  const flags = await flagNotes([{ entity: 'participant', id: person.id },
    ...theirs.map(([entity, id]) => ({ entity, id, what: async () => `${ENTITY()[entity]}: ${await describeText(entity, id)}` }))]);
  mount(view, 
    heading(iso(personName(person))),
    flags,
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: `#/assess/${person.id}` }, t('Assess skills')),
      h('a', { class: 'button secondary', href: `#/participant/${person.id}/edit` }, t('Edit')),
      hasRole('mentor') ? h('a', { class: 'button secondary', href: `#/mentee/${person.id}` }, t('Goals')) : null),
    h('h2', {}, t('Progress')),
    h('dl', { class: 'details' },
      row(t('Sessions attended'), t('%(attended)s of %(marked)s marked', summary)),
      row(t('Hours attended'), summary.hours),
      row(t('Mentoring hours'), mentoring.total),
      mentoring.total ? row(t('Mentoring in person / remote'), `${mentoring.in_person} / ${mentoring.remote}`) : null,
      mentoring.total ? row(t('Mentoring by diaspora / local mentors'), `${mentoring.diaspora} / ${mentoring.local}`) : null,
      row(t('Open goals'), goals.filter((g) => g.status === 'open' || g.status === 'in_progress').length)),
    h('h2', {}, t('Skills')),
    skills.length ? h('ul', { class: 'list plain' }, skills.map((s) => {
      const latest = assessments.find((a) => a.skill_id === s.id);
      return h('li', { class: 'skill-row' }, h('span', {}, iso(localized(s, 'name', lang))),
        h('span', { class: latest ? 'level-now' : 'muted' }, latest
          ? [iso(levelText(rubric, latest.level, lang)), ` (${formatDate(latest.assessed_on)})`] : t('Not assessed yet')));
    })) : emptyState(t('No skills on this phone for this cohort yet.')),
    goals.length ? h('h2', {}, t('Goals')) : null,
    goals.length ? h('ul', { class: 'list plain' }, goals.map((g) => h('li', {},
      iso(g.title), ` · ${labelOf(goalStatuses(), g.status)}${g.due_on ? ` · ${formatDate(g.due_on)}` : ''}`))) : null,
    h('h2', {}, t('Details')),
    h('dl', { class: 'details' },
      row(t('Code'), iso(codeOf(person))),
      row(t('Cohort'), cohort ? iso(cohort.name) : ''),
      row(t('Gender'), labelOf(genders(), person.gender)),
      row(t('Year of birth'), person.birth_year),
      row(t('Target groups'), groups),
      row(t('Consent given on'), formatDate(person.consent_on)),
      row(t('Enrolled on'), formatDate(person.enrolled_on)),
      row(t('Left on'), formatDate(person.exited_on)),
      row(t('Reason for leaving'), person.exit_reason ? iso(person.exit_reason) : '')),
    h('p', { class: 'muted' }, tn('%(num)s assessment recorded', '%(num)s assessments recorded', assessments.length)),
  );
}
