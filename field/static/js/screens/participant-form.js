// Enrol a participant (with consent date and target groups) or edit one.
import { t } from '../i18n.js';
import { saveRecord } from '../outbox.js';
import { formFlag } from '../flags.js';
import { uuid4 } from '../ids.js';
import { all, get, myCohorts } from '../store.js';
import { genders, targetGroups } from '../labels.js';
import { backLink, field, h, heading, mount, select, showError, toast, todayIso, uid, validate } from '../ui.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function groupChoices(chosen) {
  const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
  const boxes = targetGroups().map(([value, label]) => {
    const input = h('input', { type: 'checkbox', value, checked: chosen.includes(value) });
    return { input, el: h('label', { class: 'check' }, input, h('span', {}, label)) };
  });
  const box = h('fieldset', { class: 'field' }, h('legend', {}, t('Target groups')),
    h('p', { class: 'hint' }, t('Tick every group that applies. Leave all empty if none does.')), boxes.map((b) => b.el), error);
  return { box, values: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value) };
}

export default async function render(view, { params, query, navigate }) {
  const existing = params[0] ? await get('participant', params[0]) : null;
  const cohorts = await myCohorts();
  const p = existing || { cohort_id: query.cohort || (cohorts[0] && cohorts[0].id), target_groups: [], enrolled_on: todayIso(),
    gender: '' };
  const year = new Date().getFullYear();
  const cohort = field(t('Cohort'), select(cohorts.map((c) => [c.id, c.name]), p.cohort_id), { required: true });
  const code = field(t('Code'), h('input', { type: 'text', maxLength: 40, autocapitalize: 'characters', value: p.code || '' }),
    { required: true, hint: t('The pseudonymous code used in reports.') });
  const given = field(t('Given name'), h('input', { type: 'text', maxLength: 120, autocomplete: 'off', value: p.given_name || '' }), { required: true });
  const family = field(t('Family name'), h('input', { type: 'text', maxLength: 120, autocomplete: 'off', value: p.family_name || '' }), { required: true });
  const gender = field(t('Gender'), select([['', t('Choose…')], ...genders()], p.gender), { required: true });
  const birth = field(t('Year of birth'), h('input', { type: 'number', inputMode: 'numeric', min: 1900, max: year,
    value: p.birth_year ?? '' }), { required: true });
  const groups = groupChoices(p.target_groups || []);
  const consent = field(t('Consent given on'), h('input', { type: 'date', value: p.consent_on || '' }),
    { required: true, hint: t('The day the person agreed that their data is recorded.') });
  const enrolled = field(t('Enrolled on'), h('input', { type: 'date', value: p.enrolled_on || '' }), { required: true });
  const exited = existing ? field(t('Left on (optional)'), h('input', { type: 'date', value: p.exited_on || '' })) : null;
  const reason = existing ? field(t('Reason for leaving (optional)'), h('input', { type: 'text', maxLength: 200,
    value: p.exit_reason || '' })) : null;
  const save = h('button', { type: 'submit', class: 'primary wide' }, existing ? t('Save changes') : t('Enrol'));
  const form = h('form', { class: 'stack', noValidate: true }, cohort.wrap, code.wrap, given.wrap, family.wrap, gender.wrap,
    birth.wrap, groups.box, consent.wrap, enrolled.wrap, exited && exited.wrap, reason && reason.wrap, save);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosenCohort = cohorts.find((c) => c.id === cohort.input.value);
    const codeValue = code.input.value.trim();
    const others = (await all('participant')).filter((o) => o.id !== p.id && chosenCohort && o.programme_id === chosenCohort.programme_id);
    const birthYear = Number(birth.input.value);
    const ok = validate([
      [cohort, chosenCohort ? '' : t('Choose a cohort.')],
      [code, !codeValue ? t('Enter a code.') : others.some((o) => o.code === codeValue) ? t('This code is already used in the programme.') : ''],
      [given, given.input.value.trim() ? '' : t('Enter the given name.')],
      [family, family.input.value.trim() ? '' : t('Enter the family name.')],
      [gender, gender.input.value ? '' : t('Choose a gender (or "Not said").')],
      [birth, Number.isInteger(birthYear) && birthYear >= 1900 && birthYear <= year ? '' : t('Enter a year between 1900 and %(year)s.', { year })],
      [consent, DATE.test(consent.input.value) ? '' : t('Enter the date consent was given. Without consent nobody may be enrolled.')],
      [enrolled, DATE.test(enrolled.input.value) ? '' : t('Choose the enrolment date.')],
    ]);
    if (!ok) return;
    const id = existing ? existing.id : uuid4();
    const data = { programme_id: chosenCohort.programme_id, cohort_id: chosenCohort.id, code: codeValue,
      given_name: given.input.value.trim(), family_name: family.input.value.trim(), gender: gender.input.value,
      birth_year: birthYear, target_groups: groups.values(), consent_on: consent.input.value, enrolled_on: enrolled.input.value };
    if (existing) {
      data.exited_on = exited.input.value || null;
      data.exit_reason = reason.input.value.trim() || null;
    }
    save.disabled = true;
    try {
      await saveRecord('participant', id, data);
    } catch (error) {
      save.disabled = false;
      showError(code, t('Could not save on this phone: %(error)s', { error: error.message }));
      return;
    }
    toast(existing ? t('Changes saved.') : t('Participant enrolled.'));
    navigate(`participant/${id}`);
  });

  mount(view, backLink(existing ? `participant/${existing.id}` : `participants?cohort=${p.cohort_id || ''}`, t('Back')),
    heading(existing ? t('Edit participant') : t('Enrol a participant')),
    await formFlag('participant', existing && existing.id), form);
}
