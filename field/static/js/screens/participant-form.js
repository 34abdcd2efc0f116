// Enrol a participant (with consent date and target groups) or edit one.
import { t } from '../i18n.js';
import { saveRecord } from '../outbox.js';
import { formFlag } from '../flags.js';
import { uuid4 } from '../ids.js';
import { all, get, myCohorts } from '../store.js';
import { codeOf, genders, personName, targetGroups } from '../labels.js';
import { backLink, button, field, formatDate, h, heading, isoString, mount, select, showError, toast, todayIso, uid, validate } from '../ui.js';
import { markRefused, refusedErrors } from '../fix.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A name as compared for likely duplicates: no accents, no case, single spaces. */
export function nameKey(text) {
  return (text || '').normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

/** Someone already on this phone with the same given and family name and year of birth in the programme. */
export function likelyDuplicate(others, given, family, birthYear) {
  const key = `${nameKey(given)}|${nameKey(family)}|${birthYear}`;
  return others.find((o) => `${nameKey(o.given_name)}|${nameKey(o.family_name)}|${o.birth_year}` === key) || null;
}

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
  const cohort = field(t('Cohort'), select(cohorts.map((c) => [c.id, isoString(c.name)]), p.cohort_id), { required: true });
  // The server gives every new person the programme's next code; a programme with its own codes types one here.
  const onServer = existing && existing.version != null;
  const code = field(t('Code'), h('input', { type: 'text', maxLength: 40, autocapitalize: 'characters', value: p.code || '' }),
    { required: onServer, hint: onServer ? t('The pseudonymous code used in reports.')
      : t('Leave empty and the server gives the next code of the programme when this phone syncs.') });
  const serverCode = button(t('Let the server choose a code'), () => {
    code.input.value = '';
    showError(code, '');
    serverCode.hidden = true;
  }, 'secondary');
  serverCode.hidden = true;
  code.wrap.append(serverCode);
  const more = h('details', { class: 'more' }, h('summary', {}, t('More: the programme\'s own code')), code.wrap);
  if (p.code) more.open = true;
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
  if (existing && existing.erased_at) {
    // erased on request (docs/sync.md): the server refuses names, code and reason again
    for (const f of [code, given, family, reason]) f.input.readOnly = true;
  }
  const erasedNote = existing && existing.erased_at
    ? h('p', { class: 'hint' }, t("This person's data was erased on request: names and notes can no longer be added."))
    : null;
  const save = h('button', { type: 'submit', class: 'primary wide' }, existing ? t('Save changes') : t('Enrol'));
  const duplicate = h('div', { class: 'card warning duplicate', hidden: true, attrs: { role: 'alert' } });
  let someoneElse = null;
  const form = h('form', { class: 'stack', noValidate: true }, erasedNote, cohort.wrap, given.wrap, family.wrap, gender.wrap,
    birth.wrap, groups.box, consent.wrap, enrolled.wrap, exited && exited.wrap, reason && reason.wrap, more, duplicate, save);

  // Opened by "Fix" on the sync screen: the fields the server refused are marked (fix.js).
  const refused = existing ? await refusedErrors('participant', existing.id) : {};
  if (refused.code) {
    more.open = true;
    if (!onServer) serverCode.hidden = false;
  }
  const otherErrors = markRefused('participant', refused, { cohort_id: cohort, code, given_name: given, family_name: family,
    gender, birth_year: birth, consent_on: consent, enrolled_on: enrolled, exited_on: exited, exit_reason: reason });

  const askSamePerson = (other, cohortName) => {
    duplicate.replaceChildren(
      h('p', { class: 'card-title' }, t('This person may already be enrolled')),
      h('p', {}, t('%(name)s (%(code)s), born %(year)s, enrolled on %(date)s in %(cohort)s, is already on this phone.', {
        name: personName(other), code: codeOf(other), year: other.birth_year, date: formatDate(other.enrolled_on),
        cohort: cohortName })),
      h('div', { class: 'actions' },
        h('a', { class: 'button primary', href: `#/participant/${other.id}` }, t('It\'s the same person')),
        button(t('It\'s someone else'), () => {
          someoneElse = other.id;
          duplicate.hidden = true;
          form.requestSubmit();
        }, 'secondary')));
    duplicate.hidden = false;
    duplicate.querySelector('a').focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosenCohort = cohorts.find((c) => c.id === cohort.input.value);
    const codeValue = code.input.value.trim();
    const others = (await all('participant')).filter((o) => o.id !== p.id && chosenCohort && o.programme_id === chosenCohort.programme_id);
    const birthYear = Number(birth.input.value);
    const ok = validate([
      [cohort, chosenCohort ? '' : t('Choose a cohort.')],
      [code, !codeValue ? (onServer ? t('Enter a code.') : '') : others.some((o) => o.code === codeValue) ? t('This code is already used in the programme.') : ''],
      [given, given.input.value.trim() ? '' : t('Enter the given name.')],
      [family, family.input.value.trim() ? '' : t('Enter the family name.')],
      [gender, gender.input.value ? '' : t('Choose a gender (or "Not said").')],
      [birth, Number.isInteger(birthYear) && birthYear >= 1900 && birthYear <= year ? '' : t('Enter a year between 1900 and %(year)s.', { year })],
      [consent, DATE.test(consent.input.value) ? '' : t('Enter the date consent was given. Without consent nobody may be enrolled.')],
      [enrolled, DATE.test(enrolled.input.value) ? '' : t('Choose the enrolment date.')],
    ]);
    if (!ok) {
      if (!code.error.hidden) more.open = true;
      return;
    }
    const twin = existing ? null : likelyDuplicate(others, given.input.value, family.input.value, birthYear);
    if (twin && someoneElse !== twin.id) {
      const twinCohort = (await all('cohort')).find((c) => c.id === twin.cohort_id);
      askSamePerson(twin, twinCohort ? twinCohort.name : '');
      return;
    }
    const id = existing ? existing.id : uuid4();
    // no code: the server assigns one (undefined is never sent, and clears a refused code)
    const data = { programme_id: chosenCohort.programme_id, cohort_id: chosenCohort.id, code: codeValue || undefined,
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
    await formFlag('participant', existing && existing.id), otherErrors, form);
}
