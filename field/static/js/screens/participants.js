// Participants of a cohort: find, open, enrol.
import { t, tn } from '../i18n.js';
import { myCohorts, participantsOf } from '../store.js';
import { codeOf, leftProgramme, personName } from '../labels.js';
import { clear, emptyState, field, h, heading, iso, isoString, isoText, mount, select } from '../ui.js';

export default async function render(view, { query, navigate }) {
  const cohorts = await myCohorts();
  const cohortId = query.cohort || (cohorts[0] && cohorts[0].id);
  mount(view, heading(t('Participants')));
  if (!cohorts.length) {
    mount(view, emptyState(t('No cohort on this phone yet. Sync first, or ask your coordinator.')));
    return;
  }
  const chooser = field(t('Cohort'), select(cohorts.map((c) => [c.id, isoString(c.name)]), cohortId));
  chooser.input.addEventListener('change', () => navigate(`participants?cohort=${chooser.input.value}`));
  const people = await participantsOf(cohortId);
  const search = field(t('Find by name or code'), h('input', { type: 'search', autocomplete: 'off' }));
  const list = h('ul', { class: 'list' });
  const count = h('p', { class: 'muted', attrs: { 'aria-live': 'polite' } });
  const paint = () => {
    const needle = search.input.value.trim().toLowerCase();
    const shown = people.filter((p) => !needle || `${personName(p)} ${codeOf(p)}`.toLowerCase().includes(needle));
    count.textContent = tn('%(num)s participant', '%(num)s participants', shown.length);
    clear(list).append(...shown.map((p) => h('li', {}, h('a', { class: 'list-link', href: `#/participant/${p.id}` },
      h('span', { class: 'name' }, iso(personName(p))),
      h('span', { class: 'muted' }, p.exited_on ? isoText((params) => leftProgramme(p.gender, params), { code: codeOf(p) }) : iso(codeOf(p)))))));
  };
  search.input.addEventListener('input', paint);
  mount(view, chooser.wrap,
    h('a', { class: 'button primary wide', href: `#/participant/new?cohort=${cohortId}` }, t('Enrol a participant')),
    search.wrap, count, people.length ? list : emptyState(t('No participants in this cohort yet.')));
  paint();
}
