// One mentee: goals with status and due dates, notes across visits, and
// visits or remote sessions to log.
import { t, tn } from '../i18n.js';
import { all, byCohort, get, newestFirst } from '../store.js';
import { codeOf, goalStatuses, labelOf, personName, sessionKinds } from '../labels.js';
import { backLink, emptyState, formatDate, h, heading, mount, todayIso } from '../ui.js';

const VISIT_KINDS = new Set(['mentoring', 'remote_mentoring']);

function goalCard(goal) {
  const overdue = goal.due_on && goal.due_on < todayIso() && (goal.status === 'open' || goal.status === 'in_progress');
  return h('li', {}, h('a', { class: 'card link-card', href: `#/goal/${goal.id}` },
    h('span', { class: 'card-title' }, goal.title),
    h('span', { class: `badge status-${goal.status}` }, labelOf(goalStatuses(), goal.status)),
    goal.due_on ? h('span', { class: overdue ? 'card-meta overdue' : 'card-meta' },
      overdue ? t('Overdue since %(date)s', { date: formatDate(goal.due_on) }) : t('Due %(date)s', { date: formatDate(goal.due_on) })) : null,
    goal.notes ? h('span', { class: 'card-notes' }, goal.notes) : null));
}

function visitItem(session) {
  return h('li', { class: 'card' },
    h('p', { class: 'card-title' }, `${formatDate(session.date)} · ${labelOf(sessionKinds(), session.kind)}`),
    h('p', {}, session.topic),
    session.notes ? h('p', { class: 'card-notes' }, session.notes) : null);
}

export default async function render(view, { params }) {
  const person = await get('participant', params[0]);
  mount(view, backLink('mentoring', t('My mentees')));
  if (!person) {
    mount(view, heading(t('Participant not found')));
    return;
  }
  const goals = (await all('mentoring_goal')).filter((g) => g.participant_id === person.id)
    .sort((a, b) => (a.due_on || '9999').localeCompare(b.due_on || '9999'));
  const visits = person.cohort_id ? (await byCohort('session', person.cohort_id)).filter((s) => VISIT_KINDS.has(s.kind))
    .sort(newestFirst) : [];
  const back = encodeURIComponent(`mentee/${person.id}`);
  mount(view, 
    heading(personName(person)),
    h('p', { class: 'muted' }, codeOf(person)),
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: `#/goal/new?participant=${person.id}` }, t('New goal')),
      h('a', { class: 'button secondary', href: `#/participant/${person.id}` }, t('Progress'))),
    h('h2', {}, tn('%(num)s goal', '%(num)s goals', goals.length)),
    goals.length ? h('ul', { class: 'cards' }, goals.map(goalCard)) : emptyState(t('No goals yet. Agree one on your next visit.')),
    h('h2', {}, t('Visits and remote sessions')),
    person.cohort_id ? h('div', { class: 'actions' },
      h('a', { class: 'button secondary', href: `#/session/new?cohort=${person.cohort_id}&kind=mentoring&back=${back}` }, t('Log a visit')),
      h('a', { class: 'button secondary', href: `#/session/new?cohort=${person.cohort_id}&kind=remote_mentoring&back=${back}` },
        t('Log a remote session'))) : emptyState(t('This person has no cohort, so visits cannot be logged here.')),
    visits.length ? h('ol', { class: 'cards' }, visits.map(visitItem)) : emptyState(t('No visits logged yet.')),
  );
}
