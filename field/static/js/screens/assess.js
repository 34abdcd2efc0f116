// Skill assessment: a participant's skills, each one row of level buttons
// (the rubric in words once, folded, above), the history of earlier levels
// and a note folded away. Save stays in reach at the bottom; from a session,
// "Save, next person" goes on to the next one not yet assessed in it, so a
// trainer assesses a group in (skills + 1) taps a person. Each save adds an
// assessment (history is kept, nothing is overwritten).
import { t, tn } from '../i18n.js';
import { saveRecords } from '../outbox.js';
import { uuid4 } from '../ids.js';
import { byParticipant, bySession, get, newestFirst, occupationOf, participantsOf, programmeLocale, skillsOf } from '../store.js';
import { localized, personName, rubricDescription, rubricLabel } from '../labels.js';
import { backLink, emptyState, field, formatDate, h, heading, iso, isoText, mount, toast, todayIso, uid, validate } from '../ui.js';

export function levelText(rubric, level, programmeLang = '') {
  const found = rubric.find((r) => r.level === level);
  return found ? `${level} · ${rubricLabel(found, programmeLang)}` : String(level);
}

function skillCard(skill, rubric, history, lang) {
  const name = `skill-${skill.id}`;
  const latest = history[0];
  const legendId = uid('skill');
  // collapsed levels: one row of numbers; the chosen level's words show under it
  const options = rubric.map((level) => h('label', { class: 'level-chip' },
    h('input', { type: 'radio', name, value: String(level.level), class: 'chip-input' }),
    h('span', { class: 'chip-face', attrs: { 'aria-hidden': 'true' } }, String(level.level)),
    h('span', { class: 'visually-hidden' }, `${level.level} · ${rubricLabel(level, lang)}`)));
  const picked = h('p', { class: 'level-picked muted' });
  const note = field(t('Note (optional)'), h('textarea', { rows: 2, maxLength: 1000 }));
  const card = h('fieldset', { class: 'card skill', attrs: { 'aria-describedby': legendId } },
    h('legend', {}, iso(localized(skill, 'name', lang))),
    h('p', { class: 'muted', id: legendId }, latest
      ? isoText((params) => t('Now: %(level)s (%(date)s)', params),
        { level: levelText(rubric, latest.level, lang), date: formatDate(latest.assessed_on) })
      : t('Not assessed yet')),
    h('div', { class: 'level-chips' }, options),
    picked,
    history.length ? h('details', {}, h('summary', {}, tn('%(num)s earlier level', '%(num)s earlier levels', history.length)),
      // <bdi>: a date, a level and a note in other scripts keep their order in right-to-left text
      h('ol', { class: 'history' }, history.map((a) => h('li', {}, h('bdi', {}, formatDate(a.assessed_on)), ': ',
        h('bdi', {}, levelText(rubric, a.level, lang)), a.note ? [' — ', h('bdi', {}, a.note)] : null)))) : null,
    h('details', { class: 'skill-note' }, h('summary', {}, t('Add a note')), note.wrap));
  card.addEventListener('change', () => {
    const level = rubric.find((r) => String(r.level) === (card.querySelector(`input[name="${name}"]:checked`) || {}).value);
    picked.textContent = level ? `${level.level} · ${rubricLabel(level, lang)}${rubricDescription(level, lang)
      ? ` — ${rubricDescription(level, lang)}` : ''}` : '';
  });
  const chosen = () => {
    const picked = card.querySelector(`input[name="${name}"]:checked`);
    return picked ? Number(picked.value) : null;
  };
  return { card, chosen, note: () => note.input.value.trim() };
}

/** The next person of the session's list (after this one, then from the top) not assessed in it yet. */
async function nextPerson(sessionId, person) {
  const session = await get('session', sessionId);
  if (!session) return null;
  const people = await participantsOf(session.cohort_id, session.date);
  const done = new Set((await bySession('assessment', sessionId)).map((a) => a.participant_id));
  const at = people.findIndex((p) => p.id === person.id);
  const order = [...people.slice(at + 1), ...people.slice(0, Math.max(at, 0))];
  return order.find((p) => !done.has(p.id) && p.id !== person.id) || null;
}

export default async function render(view, { params, query, navigate }) {
  const person = await get('participant', params[0]);
  const back = query.session ? `session/${query.session}` : `participant/${params[0]}`;
  mount(view, backLink(back, t('Back')));
  if (!person) {
    mount(view, heading(t('Participant not found')));
    return;
  }
  mount(view, heading(isoText((params) => t('Skills: %(name)s', params), { name: personName(person) })));
  const cohort = await get('cohort', person.cohort_id);
  const occupation = await occupationOf(cohort);
  const lang = await programmeLocale(cohort);
  const rubric = occupation ? [...(occupation.rubric || [])].sort((a, b) => a.level - b.level) : [];
  const skills = occupation ? await skillsOf(occupation.id) : [];
  if (!occupation || !rubric.length || !skills.length) {
    mount(view, emptyState(t('The skills of this occupation are not on this phone yet. Sync, then try again.')));
    return;
  }
  const earlier = (await byParticipant('assessment', person.id)).sort(newestFirst);
  const cards = skills.map((s) => ({ skill: s, ...skillCard(s, rubric, earlier.filter((a) => a.skill_id === s.id), lang) }));
  const date = field(t('Date of assessment'), h('input', { type: 'date', value: todayIso() }), { required: true });
  const message = h('p', { class: 'form-error', attrs: { role: 'alert' } });
  const next = query.session ? await nextPerson(query.session, person) : null;
  const save = h('button', { type: 'submit', class: next ? 'secondary' : 'primary wide' }, t('Save levels'));
  const saveNext = next ? h('button', { type: 'submit', class: 'primary', value: 'next' }, t('Save, next person')) : null;
  const guide = h('details', { class: 'rubric-guide' }, h('summary', {}, t('What the levels mean')),
    h('dl', { class: 'details' }, rubric.map((r) => h('div', {}, h('dt', {}, `${r.level} · ${rubricLabel(r, lang)}`),
      h('dd', {}, rubricDescription(r, lang) || '')))));
  const form = h('form', { class: 'stack', noValidate: true },
    h('p', { class: 'muted' }, iso(localized(occupation, 'name', lang))),
    h('p', { class: 'hint' }, t('Choose a level only for the skills you assessed today.')),
    guide, date.wrap, cards.map((c) => c.card), message,
    h('div', { class: 'sticky-save' }, save, saveNext));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const goNext = event.submitter === saveNext && next;
    message.textContent = '';
    if (!validate([[date, /^\d{4}-\d{2}-\d{2}$/.test(date.input.value) ? '' : t('Choose a date.')]])) return;
    const items = cards.filter((c) => c.chosen() !== null).map((c) => ({
      entity: 'assessment', id: uuid4(),
      fields: { participant_id: person.id, skill_id: c.skill.id, level: c.chosen(), assessed_on: date.input.value,
        session_id: query.session || null, note: c.note() || null },
    }));
    if (!items.length) {
      message.textContent = t('Choose a level for at least one skill.');
      return;
    }
    save.disabled = true;
    try {
      await saveRecords(items);
    } catch (error) {
      save.disabled = false;
      message.textContent = t('Could not save on this phone: %(error)s', { error: error.message });
      return;
    }
    toast(tn('%(num)s level saved.', '%(num)s levels saved.', items.length));
    navigate(goNext ? `assess/${next.id}?session=${query.session}` : back);
  });
  mount(view, form);
}
