// Log a session, or edit one: kind, date, duration, topic, notes, optional GPS.
import { t } from '../i18n.js';
import { saveRecord } from '../outbox.js';
import { formFlag } from '../flags.js';
import { uuid4 } from '../ids.js';
import { get, myCohorts } from '../store.js';
import { sessionKinds } from '../labels.js';
import { backLink, button, field, h, heading, mount, select, toast, todayIso, validate } from '../ui.js';

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

export default async function render(view, { params, query, navigate }) {
  const existing = params[0] ? await get('session', params[0]) : null;
  const cohorts = await myCohorts();
  const s = existing || { cohort_id: query.cohort || (cohorts[0] && cohorts[0].id), kind: query.kind || 'training',
    date: todayIso(), duration_minutes: 120 };
  const cohort = field(t('Cohort'), select(cohorts.map((c) => [c.id, c.name]), s.cohort_id), { required: true });
  const kind = field(t('Kind of session'), select(sessionKinds(), s.kind), { required: true });
  const date = field(t('Date'), h('input', { type: 'date', value: s.date || '' }), { required: true });
  const start = field(t('Start time (optional)'), h('input', { type: 'time', value: s.start_time || '' }));
  const duration = field(t('Duration in minutes'), h('input', { type: 'number', inputMode: 'numeric', min: 1, max: 1440,
    value: s.duration_minutes ?? '' }), { required: true });
  const topic = field(t('Topic'), h('input', { type: 'text', maxLength: 300, value: s.topic || '' }), { required: true });
  const notes = field(t('Notes (optional)'), h('textarea', { rows: 4, value: s.notes || '' }));
  const place = locationControl(s.location);
  const save = h('button', { type: 'submit', class: 'primary wide' }, existing ? t('Save changes') : t('Save session'));
  const form = h('form', { class: 'stack', noValidate: true }, cohort.wrap, kind.wrap, date.wrap, start.wrap, duration.wrap,
    topic.wrap, notes.wrap, place.box, save);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const minutes = Number(duration.input.value);
    const ok = validate([
      [cohort, cohort.input.value ? '' : t('Choose a cohort.')],
      [date, /^\d{4}-\d{2}-\d{2}$/.test(date.input.value) ? '' : t('Choose a date.')],
      [duration, Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440 ? '' : t('Enter minutes between 1 and 1440.')],
      [topic, topic.input.value.trim() ? '' : t('Enter a topic.')],
    ]);
    if (!ok) return;
    const id = existing ? existing.id : uuid4();
    const data = { cohort_id: cohort.input.value, kind: kind.input.value, date: date.input.value,
      start_time: start.input.value || null, duration_minutes: minutes, topic: topic.input.value.trim(),
      notes: notes.input.value.trim() || null, location: place.value() };
    save.disabled = true;
    try {
      await saveRecord('session', id, data);
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

  mount(view, 
    backLink(existing ? `session/${existing.id}` : (query.back || 'today'), t('Back')),
    heading(existing ? t('Edit session') : t('Log a session')),
    await formFlag('session', existing && existing.id),
    cohorts.length ? form : h('p', { class: 'empty' }, t('No cohort on this phone yet. Sync first, or ask your coordinator.')),
  );
}
