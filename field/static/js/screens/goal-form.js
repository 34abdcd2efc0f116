// A mentoring goal: title, status, due date, and notes kept across visits.
import { t } from '../i18n.js';
import { saveRecord } from '../outbox.js';
import { markRefused, refusedErrors } from '../fix.js';
import { uuid4 } from '../ids.js';
import { get } from '../store.js';
import { currentUser } from '../session.js';
import { goalStatuses, personName } from '../labels.js';
import { backLink, field, h, heading, iso, mount, select, toast, validate } from '../ui.js';

export default async function render(view, { params, query, navigate }) {
  const existing = params[0] ? await get('mentoring_goal', params[0]) : null;
  const participantId = existing ? existing.participant_id : query.participant;
  const person = participantId ? await get('participant', participantId) : null;
  mount(view, backLink(person ? `mentee/${person.id}` : 'mentoring', t('Back')));
  if (!person) {
    mount(view, heading(t('Participant not found')));
    return;
  }
  const g = existing || { status: 'open' };
  const title = field(t('Goal'), h('input', { type: 'text', maxLength: 300, value: g.title || '' }), { required: true });
  const status = field(t('Status'), select(goalStatuses(), g.status), { required: true });
  const due = field(t('Due on (optional)'), h('input', { type: 'date', value: g.due_on || '' }));
  const notes = field(t('Notes on this goal (optional)'), h('textarea', { rows: 4, value: g.notes || '' }),
    { hint: t('What was agreed on each visit goes in the mentee\'s handover notes, one dated entry per visit.') });
  const form = h('form', { class: 'stack', noValidate: true }, title.wrap, status.wrap, due.wrap, notes.wrap,
    h('button', { type: 'submit', class: 'primary wide' }, existing ? t('Save changes') : t('Save goal')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!validate([[title, title.input.value.trim() ? '' : t('Enter the goal.')]])) return;
    const id = existing ? existing.id : uuid4();
    await saveRecord('mentoring_goal', id, {
      participant_id: person.id, mentor_id: existing ? existing.mentor_id : currentUser().id, title: title.input.value.trim(),
      status: status.input.value, due_on: due.input.value || null, notes: notes.input.value.trim() || null,
    });
    toast(t('Goal saved.'));
    navigate(`mentee/${person.id}`);
  });
  const otherErrors = existing ? markRefused('mentoring_goal', await refusedErrors('mentoring_goal', existing.id),
    { title, status, due_on: due, notes }) : null; // opened by "Fix" (fix.js)
  mount(view, heading(existing ? t('Edit goal') : t('New goal')), h('p', { class: 'muted' }, iso(personName(person))), otherErrors, form);
}
