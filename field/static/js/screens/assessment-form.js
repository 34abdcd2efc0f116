// One assessment, to fix what the server did not accept (level, date, note).
import { t } from '../i18n.js';
import { saveRecord } from '../outbox.js';
import { markRefused, refusedErrors } from '../fix.js';
import { formFlag } from '../flags.js';
import { get, occupationOf, programmeLocale } from '../store.js';
import { localized, personName, rubricLabel } from '../labels.js';
import { backLink, field, h, heading, iso, isoString, mount, select, toast, validate } from '../ui.js';

export default async function render(view, { params, navigate }) {
  const assessment = await get('assessment', params[0]);
  mount(view, backLink('sync', t('Sync')));
  if (!assessment) {
    mount(view, heading(t('Assessment not found')));
    return;
  }
  const person = await get('participant', assessment.participant_id);
  const skill = await get('skill', assessment.skill_id);
  const cohort = person ? await get('cohort', person.cohort_id) : null;
  const occupation = await occupationOf(cohort);
  const lang = await programmeLocale(cohort);
  const rubric = occupation ? [...(occupation.rubric || [])].sort((a, b) => a.level - b.level) : [];
  const levels = rubric.length ? rubric.map((r) => [String(r.level), `${r.level} · ${isoString(rubricLabel(r, lang))}`])
    : [0, 1, 2, 3, 4].map((n) => [String(n), String(n)]);
  const level = field(t('Level'), select(levels, String(assessment.level)), { required: true });
  const date = field(t('Date of assessment'), h('input', { type: 'date', value: assessment.assessed_on || '' }), { required: true });
  const note = field(t('Note (optional)'), h('textarea', { rows: 3, maxLength: 1000, value: assessment.note || '' }));
  const form = h('form', { class: 'stack', noValidate: true }, level.wrap, date.wrap, note.wrap,
    h('button', { type: 'submit', class: 'primary wide' }, t('Save and send again')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!validate([[date, /^\d{4}-\d{2}-\d{2}$/.test(date.input.value) ? '' : t('Choose a date.')]])) return;
    await saveRecord('assessment', assessment.id, { level: Number(level.input.value), assessed_on: date.input.value,
      note: note.input.value.trim() || null });
    toast(t('Saved. It will be sent with the next sync.'));
    navigate('sync');
  });
  const otherErrors = markRefused('assessment', await refusedErrors('assessment', assessment.id),
    { level, assessed_on: date, note }); // opened by "Fix" (fix.js)
  mount(view, heading(t('Edit assessment')), await formFlag('assessment', assessment.id),
    h('p', { class: 'muted' }, iso(personName(person)), skill ? [' · ', iso(localized(skill, 'name', lang))] : null), otherErrors, form);
}
