// Log a session, or edit one: kind, date, duration, topic, notes, optional GPS.
import { t } from '../i18n.js';
import { saveRecord, saveRecords } from '../outbox.js';
import { markRefused, refusedErrors } from '../fix.js';
import { attendanceId, uuid4 } from '../ids.js';
import { get, isPrivate, myCohorts, myGoalMentees } from '../store.js';
import { personName, sessionKinds } from '../labels.js';
import { backLink, button, field, h, heading, isoString, mount, select, toast, todayIso, validate } from '../ui.js';
import { formFlag } from '../flags.js';

const WITH_ATTENDANCE = new Set(['training', 'on_the_job', 'assessment', 'other']);

function locationControl(initial) {
  let value = initial || null;
  const status = h('p', { class: 'muted', attrs: { 'aria-live': 'polite' } });
  const show = () => {
    status.textContent = value ? t('Location added (within %(acc)s m).', { acc: Math.round(value.accuracy_m) }) : t('No location.');
    remove.hidden = !value;
  };
  const add = button(t('Add my location'), () => {
    if (!navigator.geolocation) { status.textContent = t('This phone cannot give a location.'); return; }
    status.textContent = t('Finding your location…');
    navigator.geolocation.getCurrentPosition(
      (pos) => { value = { lat: pos.coords.latitude, lon: pos.coords.longitude, accuracy_m: pos.coords.accuracy }; show(); },
      () => { status.textContent = t('No location: permission refused or no signal. You can save without it.'); },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  }, 'secondary');
  const remove = button(t('Remove location'), () => { value = null; show(); }, 'secondary');
  show();
  const box = h('fieldset', { class: 'field' }, h('legend', {}, t('Location (optional)')), status, h('div', { class: 'actions' }, add, remove));
  return { box, value: () => value };
}

/** A private mentoring session's mentees: fixed once saved; when new, the mentee it was opened for and,
 *  for a small group, any other of the mentor's mentees ticked (docs/sync.md "Private mentoring sessions"). */
async function menteesControl(existing, first) {
  if (existing) {
    const names = (await Promise.all(existing.mentee_ids.map((id) => get('participant', id)))).filter(Boolean).map(personName);
    const box = h('div', { class: 'field' }, h('p', { class: 'label-row' }, t('With')), h('p', {}, names.join(', ')));
    return { box, value: () => existing.mentee_ids };
  }
  const others = (await myGoalMentees()).filter((p) => p.id !== first.id && !p.exited_on);
  const ticks = others.map((p) => h('input', { type: 'checkbox', value: p.id }));
  const box = h('fieldset', { class: 'field' }, h('legend', {}, t('With')),
    h('p', {}, personName(first)),
    h('p', { class: 'hint' }, t('Private: only the mentors of these mentees and the coordinators see it.')),
    others.length ? h('details', {}, h('summary', {}, t('Add another mentee (small group)')),
      h('ul', { class: 'list plain' }, others.map((p, i) => h('li', {},
        h('label', { class: 'check' }, ticks[i], ` ${personName(p)} `, h('span', { class: 'muted' }, p.code)))))) : null);
  return { box, value: () => [first.id, ...ticks.filter((x) => x.checked).map((x) => x.value)] };
}

export default async function render(view, { params, query, navigate }) {
  const existing = params[0] ? await get('session', params[0]) : null;
  const mentee = !existing && query.mentee ? await get('participant', query.mentee) : null;
  const private_ = existing ? isPrivate(existing) : Boolean(mentee);
  const cohorts = await myCohorts();
  const s = existing || { cohort_id: query.cohort || (cohorts[0] && cohorts[0].id), kind: query.kind || 'training',
    date: todayIso(), duration_minutes: private_ ? 60 : 120 };
  const cohort = field(t('Cohort'), select(cohorts.map((c) => [c.id, isoString(c.name)]), s.cohort_id), { required: true });
  const mentees = private_ ? await menteesControl(existing, mentee) : null;
  const kinds = private_ ? sessionKinds().filter(([k]) => k === 'mentoring' || k === 'remote_mentoring') : sessionKinds();
  const kind = field(t('Kind of session'), select(kinds, private_ && !['mentoring', 'remote_mentoring'].includes(s.kind)
    ? 'mentoring' : s.kind), { required: true });
  const date = field(t('Date'), h('input', { type: 'date', value: s.date || '' }), { required: true });
  const start = field(t('Start time (optional)'), h('input', { type: 'time', value: s.start_time || '' }));
  const duration = field(t('Duration in minutes'), h('input', { type: 'number', inputMode: 'numeric', min: 1, max: 1440,
    value: s.duration_minutes ?? '' }), { required: true });
  const topic = field(t('Topic'), h('input', { type: 'text', maxLength: 300, value: s.topic || '' }), { required: true });
  const notes = field(t('Notes (optional)'), h('textarea', { rows: 4, value: s.notes || '' }));
  const place = locationControl(s.location);
  const save = h('button', { type: 'submit', class: 'primary wide' }, existing ? t('Save changes') : t('Save session'));
  const form = h('form', { class: 'stack', noValidate: true }, private_ ? mentees.box : cohort.wrap, kind.wrap, date.wrap, start.wrap, duration.wrap,
    topic.wrap, notes.wrap, place.box, save);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const minutes = Number(duration.input.value);
    const ok = validate([
      [cohort, private_ || cohort.input.value ? '' : t('Choose a cohort.')],
      [date, /^\d{4}-\d{2}-\d{2}$/.test(date.input.value) ? '' : t('Choose a date.')],
      [duration, Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440 ? '' : t('Enter minutes between 1 and 1440.')],
      [topic, topic.input.value.trim() ? '' : t('Enter a topic.')],
    ]);
    if (!ok) return;
    const id = existing ? existing.id : uuid4();
    const data = { cohort_id: private_ ? null : cohort.input.value, kind: kind.input.value, date: date.input.value,
      start_time: start.input.value || null, duration_minutes: minutes, topic: topic.input.value.trim(),
      notes: notes.input.value.trim() || null, location: place.value() };
    if (private_) data.mentee_ids = mentees.value();
    save.disabled = true;
    try {
      if (private_ && !existing) {
        // a visit logged with its mentees was attended by them: marked present at once (changeable on the register)
        const marks = await Promise.all(data.mentee_ids.map(async (pid) => ({ entity: 'attendance',
          id: await attendanceId(id, pid), fields: { session_id: id, participant_id: pid, status: 'present' } })));
        await saveRecords([{ entity: 'session', id, fields: data }, ...marks]);
      } else {
        await saveRecord('session', id, data);
      }
    } catch (error) {
      save.disabled = false;
      toast(t('Could not save on this phone: %(error)s', { error: error.message }));
      return;
    }
    toast(t('Session saved.'));
    if (query.back) navigate(query.back);
    else if (!existing && WITH_ATTENDANCE.has(data.kind)) navigate(`attendance/${id}`);
    else navigate(`session/${id}`);
  });

  // opened by "Fix": the refused fields are marked (fix.js)
  const otherErrors = existing ? markRefused('session', await refusedErrors('session', existing.id), {
    cohort_id: cohort, kind, date, start_time: start, duration_minutes: duration, topic, notes }) : null;
  mount(view, 
    backLink(existing ? `session/${existing.id}` : (query.back || 'today'), t('Back')),
    heading(existing ? t('Edit session') : t('Log a session')), otherErrors,
    await formFlag('session', existing && existing.id),
    cohorts.length || private_ ? form : h('p', { class: 'empty' }, t('No cohort on this phone yet. Sync first, or ask your coordinator.')),
  );
}
