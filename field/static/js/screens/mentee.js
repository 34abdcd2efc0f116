// One mentee: goals with status and due dates, handover notes (one dated entry per visit, newest first),
// mentoring hours, and the private visits or remote sessions held with them.
import { t, tn } from '../i18n.js';
import { all, byParticipant, get, isPrivate, mentoringHours, myGoalMentees, newestFirst } from '../store.js';
import { saveRecord } from '../outbox.js';
import { uuid4 } from '../ids.js';
import { currentUser } from '../session.js';
import { codeOf, goalStatuses, labelOf, personName, sessionKinds } from '../labels.js';
import { backLink, emptyState, field, formatDate, h, heading, iso, mount, toast, todayIso, validate } from '../ui.js';

const VISIT_KINDS = new Set(['mentoring', 'remote_mentoring']);

function goalCard(goal) {
  const overdue = goal.due_on && goal.due_on < todayIso() && (goal.status === 'open' || goal.status === 'in_progress');
  return h('li', {}, h('a', { class: 'card link-card', href: `#/goal/${goal.id}` },
    h('span', { class: 'card-title' }, iso(goal.title)),
    h('span', { class: `badge status-${goal.status}` }, labelOf(goalStatuses(), goal.status)),
    goal.due_on ? h('span', { class: overdue ? 'card-meta overdue' : 'card-meta' },
      overdue ? t('Overdue since %(date)s', { date: formatDate(goal.due_on) }) : t('Due %(date)s', { date: formatDate(goal.due_on) })) : null,
    goal.notes ? h('span', { class: 'card-notes', dir: 'auto' }, goal.notes) : null));
}

function visitItem(session, names) {
  return h('li', {}, h('a', { class: 'card link-card', href: `#/session/${session.id}` },
    h('span', { class: 'card-title' }, `${formatDate(session.date)} · ${labelOf(sessionKinds(), session.kind)}`),
    h('span', {}, iso(session.topic)),
    names.length > 1 ? h('span', { class: 'card-meta' }, t('With %(names)s', { names: names.join(', ') })) : null,
    session.notes ? h('span', { class: 'card-notes', dir: 'auto' }, session.notes) : null));
}

/** Private sessions naming the person, and older cohort mentoring sessions where they were marked. */
async function visitsOf(person) {
  const sessions = (await all('session')).filter((s) => VISIT_KINDS.has(s.kind));
  const marked = new Set((await byParticipant('attendance', person.id)).map((a) => a.session_id));
  return sessions.filter((s) => (isPrivate(s) ? s.mentee_ids.includes(person.id) : marked.has(s.id))).sort(newestFirst);
}

function byNewestEntry(a, b) {
  const order = (r) => (r.version == null ? Number.MAX_SAFE_INTEGER : r.version);
  return b.written_on.localeCompare(a.written_on) || order(b) - order(a) || b.local_at - a.local_at;
}

function handoverSection(person, notes, users, rerender) {
  const day = field(t('Date of the visit'), h('input', { type: 'date', value: todayIso(), max: todayIso() }), { required: true });
  const text = field(t('What was agreed'), h('textarea', { rows: 4, maxLength: 5000 }), { required: true,
    hint: t('One entry per visit; the next mentor reads them here, newest first.') });
  const add = h('button', { type: 'submit', class: 'primary wide' }, t('Add note'));
  const form = h('form', { class: 'stack', noValidate: true }, day.wrap, text.wrap, add);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!validate([[day, /^\d{4}-\d{2}-\d{2}$/.test(day.input.value) ? '' : t('Choose a date.')],
      [text, text.input.value.trim() ? '' : t('Write what was agreed.')]])) return;
    add.disabled = true;
    try {
      await saveRecord('handover_note', uuid4(), { participant_id: person.id, written_on: day.input.value,
        note: text.input.value.trim() });
    } catch (error) {
      add.disabled = false;
      toast(t('Could not save on this phone: %(error)s', { error: error.message }));
      return;
    }
    toast(t('Note added.'));
    rerender();
  });
  return h('section', { attrs: { 'aria-labelledby': 'handover-heading' } },
    h('h2', { id: 'handover-heading' }, t('Handover notes')),
    h('details', { class: 'add-note' }, h('summary', { class: 'button secondary' }, t('Add a note of this visit')), form),
    notes.length ? h('ol', { class: 'cards handover' }, notes.map((n) => {
      const author = users.get(n.created_by || n.updated_by);
      return h('li', { class: 'card' },
        h('p', { class: 'card-title' }, formatDate(n.written_on), author ? h('span', { class: 'muted' }, ` · ${author.display_name}`) : null),
        h('p', { class: 'card-notes' }, n.note));
    })) : emptyState(t('No handover notes yet.')));
}

function hoursList(hours) {
  const row = (term, value) => h('div', {}, h('dt', {}, term), h('dd', {}, String(value)));
  return h('dl', { class: 'details' },
    row(t('Mentoring hours'), hours.total),
    row(t('In person'), hours.in_person), row(t('Remote'), hours.remote),
    row(t('By diaspora mentors'), hours.diaspora), row(t('By local mentors'), hours.local));
}

export default async function render(view, context) {
  const { params } = context;
  const person = await get('participant', params[0]);
  mount(view, backLink('mentoring', t('My mentees')));
  if (!person) {
    mount(view, heading(t('Participant not found')));
    return;
  }
  const me = currentUser();
  const goals = (await all('mentoring_goal')).filter((g) => g.participant_id === person.id)
    .sort((a, b) => (a.due_on || '9999').localeCompare(b.due_on || '9999'));
  const visits = await visitsOf(person);
  const people = new Map((await all('participant')).map((p) => [p.id, p]));
  const users = new Map((await all('user')).map((u) => [u.id, u]));
  const notes = (await byParticipant('handover_note', person.id)).sort(byNewestEntry);
  const hours = await mentoringHours(person.id);
  const mine = (await myGoalMentees()).some((p) => p.id === person.id)
    || (me.memberships || []).some((m) => ['coordinator', 'admin'].includes(m.role) && m.programme_id === person.programme_id);
  const back = encodeURIComponent(`mentee/${person.id}`);
  const rerender = () => context.navigate(`mentee/${person.id}`);
  mount(view,
    heading(iso(personName(person))),
    h('p', { class: 'muted' }, iso(codeOf(person))),
    person.exited_on ? h('p', { class: 'badge status-exited' }, t('Left on %(date)s', { date: formatDate(person.exited_on) })) : null,
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: `#/goal/new?participant=${person.id}` }, t('New goal')),
      h('a', { class: 'button secondary', href: `#/participant/${person.id}` }, t('Progress'))),
    h('h2', {}, tn('%(num)s goal', '%(num)s goals', goals.length)),
    goals.length ? h('ul', { class: 'cards' }, goals.map(goalCard)) : emptyState(t('No goals yet. Agree one on your next visit.')),
    handoverSection(person, notes, users, rerender),
    h('h2', {}, t('Visits and remote sessions')),
    mine ? h('div', { class: 'actions' },
      h('a', { class: 'button secondary', href: `#/session/new?mentee=${person.id}&kind=mentoring&back=${back}` }, t('Log a visit')),
      h('a', { class: 'button secondary', href: `#/session/new?mentee=${person.id}&kind=remote_mentoring&back=${back}` },
        t('Log a remote session')))
      : emptyState(t('Visits are logged by this person\'s mentor: agree a goal with them first.')),
    hoursList(hours),
    visits.length ? h('ol', { class: 'cards' }, visits.map((s) => visitItem(s,
      (s.mentee_ids || []).map((id) => people.get(id)).filter(Boolean).map(personName))))
      : emptyState(t('No visits logged yet.')),
  );
}
