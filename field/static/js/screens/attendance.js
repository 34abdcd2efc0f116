// Attendance: "All present" first, then one tap per person to change.
// Every tap is saved at once (record + outbox in one transaction).
import { t, tn } from '../i18n.js';
import { releaseHolds, saveRecords } from '../outbox.js';
import { undoAttendance } from '../changes.js';
import { offerUndo, UNDO_MS } from '../undo-bar.js';
import { attendanceId } from '../ids.js';
import { bySession, get, peopleOfSession } from '../store.js';
import { attendanceStatuses, codeOf, personName } from '../labels.js';
import { backLink, emptyState, formatDate, h, heading, iso, mount, toast } from '../ui.js';

// After "All present" the usual correction is an absentee: one tap away.
export const CYCLE = ['present', 'absent', 'late', 'excused'];

export function nextStatus(status) {
  return status ? CYCLE[(CYCLE.indexOf(status) + 1) % CYCLE.length] : 'present';
}

export default async function render(view, { params }) {
  const session = await get('session', params[0]);
  if (!session) {
    mount(view, backLink('today', t('Today')), heading(t('Session not found')));
    return;
  }
  const cohort = await get('cohort', session.cohort_id);
  const people = await peopleOfSession(session);  // a private session's named mentees only
  const ids = await Promise.all(people.map((p) => attendanceId(session.id, p.id)));
  const status = new Map((await bySession('attendance', session.id)).map((a) => [a.participant_id, a.status]));
  const summary = h('p', { class: 'summary', attrs: { 'aria-live': 'polite' } });
  const allPresent = h('button', { type: 'button', class: 'primary wide' }, t('All present'));
  const buttons = new Map();

  const paint = () => {
    const counts = { present: 0, late: 0, absent: 0, excused: 0 };
    for (const p of people) if (status.get(p.id)) counts[status.get(p.id)] += 1;
    const unmarked = people.length - Object.values(counts).reduce((a, b) => a + b, 0);
    summary.textContent = t('%(present)s present, %(late)s late, %(absent)s absent, %(excused)s excused, %(unmarked)s not marked',
      { ...counts, unmarked });
    allPresent.disabled = unmarked === 0;
    for (const p of people) {
      const value = status.get(p.id);
      const btn = buttons.get(p.id);
      btn.dataset.status = value || 'none';
      btn.querySelector('.status').textContent = value ? (attendanceStatuses(p.gender)[value] || value) : t('Not marked');
    }
  };

  const record = (p, i) => ({ entity: 'attendance', id: ids[i],
    fields: { session_id: session.id, participant_id: p.id, status: status.get(p.id) } });

  people.forEach((p, i) => {
    const btn = h('button', { type: 'button', class: 'person' },
      h('span', { class: 'who' }, h('span', { class: 'name' }, iso(personName(p))), h('span', { class: 'code' }, iso(codeOf(p)))),
      h('span', { class: 'status' }));
    btn.addEventListener('click', async () => {
      const before = status.get(p.id);
      status.set(p.id, nextStatus(before));
      paint();
      try {
        await save([record(p, i)], [[ids[i], before]]);
        offer(t('%(name)s: %(status)s', { name: personName(p), status: attendanceStatuses(p.gender)[status.get(p.id)] || status.get(p.id) }));
      } catch (error) {
        if (before) status.set(p.id, before); else status.delete(p.id);
        paint();
        toast(t('Could not save on this phone: %(error)s', { error: error.message }));
      }
    });
    buttons.set(p.id, btn);
  });

  // What the last change overwrote (attendance id → earlier status), for its undo. Marks wait
  // on the phone while undo is offered, so undoing a first mark leaves the person "not marked".
  let earlier = new Map();
  const save = async (items, previous) => {
    earlier = new Map(previous.map(([id, before]) => [id, before || null]));
    await saveRecords(items, { holdMs: UNDO_MS + 1000 });
  };
  const offer = (message) => offerUndo(view, message, async () => {
    const undone = earlier;
    earlier = new Map();
    const stuck = await undoAttendance(new Map([...undone].map(([id, before]) => {
      const i = ids.indexOf(id);
      return [id, { session_id: session.id, participant_id: people[i].id, status: before }];
    })), { holdMs: 0 });
    for (const a of await bySession('attendance', session.id)) status.set(a.participant_id, a.status);
    for (const [id, before] of undone) {
      const person = people[ids.indexOf(id)];
      if (!before && !(await get('attendance', id))) status.delete(person.id);
    }
    paint();
    toast(stuck ? tn('Undone. %(num)s mark had already been sent: change it by tapping the name.',
      'Undone. %(num)s marks had already been sent: change them by tapping the names.', stuck) : t('Undone.'));
  }, () => { releaseHolds(); });

  allPresent.addEventListener('click', async () => {
    const items = [];
    const previous = [];
    people.forEach((p, i) => {
      if (!status.get(p.id)) {
        status.set(p.id, 'present');
        items.push(record(p, i));
        previous.push([ids[i], null]);
      }
    });
    paint();
    try {
      await save(items, previous);
      offer(tn('%(num)s person marked present.', '%(num)s people marked present.', items.length));
    } catch (error) {
      for (const item of items) status.delete(item.fields.participant_id);
      paint();
      toast(t('Could not save on this phone: %(error)s', { error: error.message }));
    }
  });

  mount(view, 
    backLink(`session/${session.id}`, t('Session')),
    heading(t('Attendance')),
    h('p', { class: 'muted' }, iso(session.topic), ` · ${formatDate(session.date)}`, cohort ? [' · ', iso(cohort.name)] : null),
  );
  if (!people.length) {
    mount(view, emptyState(t('No participants in this cohort yet.')));
    return;
  }
  mount(view, allPresent, summary,
    h('p', { class: 'hint' }, t('Tap a name to change: present, absent, late, excused.')),
    h('ul', { class: 'people' }, people.map((p) => h('li', {}, buttons.get(p.id)))),
    h('a', { class: 'button secondary wide', href: `#/session/${session.id}` }, t('Done')));
  paint();
}
