// Skill assessment: a participant's skills with the rubric levels in words,
// the history of earlier levels, and a note. Each save adds an assessment
// (history is kept, nothing is overwritten).
import { t, tn } from '../i18n.js';
import { saveRecords } from '../outbox.js';
import { uuid4 } from '../ids.js';
import { byParticipant, get, newestFirst, occupationOf, programmeLocale, skillsOf } from '../store.js';
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
  const options = rubric.map((level) => h('label', { class: 'level' },
    h('input', { type: 'radio', name, value: String(level.level) }),
    h('span', { class: 'level-text' }, h('strong', {}, `${level.level} · `, iso(rubricLabel(level, lang))),
      rubricDescription(level, lang) ? h('span', { class: 'level-desc' }, rubricDescription(level, lang)) : null)));
  const note = field(t('Note (optional)'), h('textarea', { rows: 2, maxLength: 1000 }));
  const card = h('fieldset', { class: 'card skill', attrs: { 'aria-describedby': legendId } },
    h('legend', {}, iso(localized(skill, 'name', lang))),
    h('p', { class: 'muted', id: legendId }, latest
      ? isoText((params) => t('Now: %(level)s (%(date)s)', params),
        { level: levelText(rubric, latest.level, lang), date: formatDate(latest.assessed_on) })
      : t('Not assessed yet')),
    h('div', { class: 'levels' }, options),
    history.length ? h('details', {}, h('summary', {}, tn('%(num)s earlier level', '%(num)s earlier levels', history.length)),
      // <bdi>: a date, a level and a note in other scripts keep their order in right-to-left text
      h('ol', { class: 'history' }, history.map((a) => h('li', {}, h('bdi', {}, formatDate(a.assessed_on)), ': ',
        h('bdi', {}, levelText(rubric, a.level, lang)), a.note ? [' — ', h('bdi', {}, a.note)] : null)))) : null,
    note.wrap);
  const chosen = () => {
    const picked = card.querySelector(`input[name="${name}"]:checked`);
    return picked ? Number(picked.value) : null;
  };
  return { card, chosen, note: () => note.input.value.trim() };
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
  const save = h('button', { type: 'submit', class: 'primary wide' }, t('Save levels'));
  const form = h('form', { class: 'stack', noValidate: true },
    h('p', { class: 'muted' }, iso(localized(occupation, 'name', lang))),
    h('p', { class: 'hint' }, t('Choose a level only for the skills you assessed today.')),
    date.wrap, cards.map((c) => c.card), message, save);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
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
    navigate(back);
  });
  mount(view, form);
}
