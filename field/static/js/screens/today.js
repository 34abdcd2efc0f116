// Today: my cohorts, today's and recent sessions.
import { t, tn } from '../i18n.js';
import { activeOn, byCohort, bySession, myCohorts, newestFirst } from '../store.js';
import { currentUser } from '../session.js';
import { labelOf, sessionKinds } from '../labels.js';
import { formatDate, h, heading, iso, mount, todayIso } from '../ui.js';
import { installHint } from './install-hint.js';
import { openFlags } from '../flags.js';

const RECENT_DAYS = 14;

function daysBefore(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d - days));
  return date.toISOString().slice(0, 10);
}

async function sessionCard(session, cohort, people) {
  const marked = (await bySession('attendance', session.id)).length;
  const total = cohort ? activeOn(people.get(cohort.id) || [], session.date).length : 0;
  return h('li', {}, h('a', { href: `#/session/${session.id}`, class: 'card link-card' },
    h('span', { class: 'card-title' }, iso(session.topic)),
    h('span', { class: 'card-meta' }, [formatDate(session.date), labelOf(sessionKinds(), session.kind),
      tn('%(num)s minute', '%(num)s minutes', session.duration_minutes || 0)].join(' · ')),
    h('span', { class: 'card-meta' }, cohort ? iso(cohort.name) : ''),
    total ? h('span', { class: 'card-meta' }, t('Attendance: %(marked)s of %(total)s marked', { marked, total })) : null));
}

function cohortCard(cohort, count) {
  return h('li', { class: 'card' },
    h('h3', {}, iso(cohort.name)),
    h('p', { class: 'card-meta' }, iso(cohort.code), ' · ', tn('%(num)s participant', '%(num)s participants', count)),
    h('div', { class: 'actions' },
      h('a', { class: 'button secondary', href: `#/session/new?cohort=${cohort.id}` }, t('Log a session')),
      h('a', { class: 'button secondary', href: `#/participants?cohort=${cohort.id}` }, t('Participants'))));
}

export default async function render(view) {
  const user = currentUser();
  const today = todayIso();
  const cohorts = await myCohorts();
  const byId = new Map(cohorts.map((c) => [c.id, c]));
  // Only my cohorts' records, each read once: a phone may hold thousands of records of past months.
  const [sessionLists, peopleLists] = await Promise.all([Promise.all(cohorts.map((c) => byCohort('session', c.id))),
    Promise.all(cohorts.map((c) => byCohort('participant', c.id)))]);
  const people = new Map(cohorts.map((c, i) => [c.id, peopleLists[i]]));
  const sessions = sessionLists.flat().sort(newestFirst);
  const todays = sessions.filter((s) => s.date === today);
  const recent = sessions.filter((s) => s.date < today && s.date >= daysBefore(today, RECENT_DAYS)).slice(0, 10);
  const flagged = (await openFlags()).length;
  const counts = cohorts.map((c) => activeOn(people.get(c.id), today).length);

  mount(view, 
    heading(t('Today')),
    h('p', { class: 'muted' }, `${formatDate(today)} · `, iso(user.display_name)),
    installHint(),
    flagged ? h('a', { class: 'card link-card flag-count', href: '#/flags' },
      h('span', { class: 'card-title' }, tn('%(num)s record flagged by your coordinator', '%(num)s records flagged by your coordinator', flagged)),
      h('span', { class: 'card-meta' }, t('Read the notes and fix them'))) : null,
    h('a', { class: 'button primary wide', href: '#/session/new' }, t('Log a session')),
    h('section', { attrs: { 'aria-labelledby': 'today-sessions' } },
      h('h2', { id: 'today-sessions' }, t("Today's sessions")),
      todays.length ? h('ul', { class: 'cards' }, await Promise.all(todays.map((s) => sessionCard(s, byId.get(s.cohort_id), people))))
        : h('p', { class: 'empty' }, t('No session logged today yet.'))),
    h('section', { attrs: { 'aria-labelledby': 'my-cohorts' } },
      h('h2', { id: 'my-cohorts' }, t('My cohorts')),
      cohorts.length ? h('ul', { class: 'cards' }, cohorts.map((c, i) => cohortCard(c, counts[i])))
        : h('p', { class: 'empty' }, t('No cohort yet. If you expected one, sync or ask your coordinator.'))),
    h('section', { attrs: { 'aria-labelledby': 'recent-sessions' } },
      h('h2', { id: 'recent-sessions' }, t('Recent sessions')),
      recent.length ? h('ul', { class: 'cards' }, await Promise.all(recent.map((s) => sessionCard(s, byId.get(s.cohort_id), people))))
        : h('p', { class: 'empty' }, t('No sessions in the last two weeks.'))),
  );
}
