// Mentoring: my mentees, with their open goals and the next due date; search by name or code
// (accents ignored), sort by name or by the next goal due, people who left marked and listed last.
import { t, tn } from '../i18n.js';
import { all, myMentees } from '../store.js';
import { currentUser } from '../session.js';
import { codeOf, personName } from '../labels.js';
import { byName, emptyState, field, formatDate, h, heading, iso, mount, select, todayIso } from '../ui.js';

const FOLD = { đ: 'd', ð: 'd', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

/** Text for matching: lower case, accents and other combining marks dropped (č → c, đ → d, ü → u). */
export function folded(text) {
  return (text || '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[đðłøßæœı]/g, (c) => FOLD[c]);
}

function card(p, open, due) {
  const overdue = due && due < todayIso();
  return h('li', {}, h('a', { class: p.exited_on ? 'card link-card exited' : 'card link-card', href: `#/mentee/${p.id}` },
    h('span', { class: 'card-title' }, iso(personName(p))),
    h('span', { class: 'card-meta' }, iso(codeOf(p))),
    p.exited_on ? h('span', { class: 'badge status-exited' }, t('Left on %(date)s', { date: formatDate(p.exited_on) })) : null,
    h('span', { class: 'card-meta' }, tn('%(num)s open goal', '%(num)s open goals', open.length)),
    due ? h('span', { class: overdue ? 'card-meta overdue' : 'card-meta' }, t('Next due: %(date)s', { date: formatDate(due) })) : null));
}

export default async function render(view) {
  const me = currentUser();
  const mentees = await myMentees();
  const goals = (await all('mentoring_goal')).filter((g) => g.mentor_id === me.id);
  mount(view, heading(t('My mentees')));
  if (!mentees.length) {
    mount(view, emptyState(t('No mentees on this phone yet. Sync, or ask your coordinator to assign you.')));
    return;
  }
  const rows = mentees.map((p) => {
    const open = goals.filter((g) => g.participant_id === p.id && (g.status === 'open' || g.status === 'in_progress'));
    return { p, open, due: open.map((g) => g.due_on).filter(Boolean).sort()[0] || null,
      key: folded(`${p.given_name} ${p.family_name} ${p.family_name} ${p.given_name} ${p.code}`) };
  });
  const search = field(t('Search by name or code'), h('input', { type: 'search', autocomplete: 'off', enterKeyHint: 'search' }));
  const order = field(t('Sort by'), select([['name', t('Name')], ['due', t('Next goal due')]], 'name'));
  const left = h('input', { type: 'checkbox', checked: true });
  const count = h('p', { class: 'muted', attrs: { 'aria-live': 'polite' } });
  const list = h('ul', { class: 'cards' });
  const paint = () => {
    const words = folded(search.input.value).split(/\s+/).filter(Boolean);
    const shown = rows.filter((r) => (left.checked || !r.p.exited_on) && words.every((w) => r.key.includes(w)));
    shown.sort((a, b) => Boolean(a.p.exited_on) - Boolean(b.p.exited_on)
      || (order.input.value === 'due' ? (a.due || '9999').localeCompare(b.due || '9999') : 0) || byName(a.p, b.p));
    list.replaceChildren(...shown.map((r) => card(r.p, r.open, r.due)));
    count.textContent = tn('%(num)s mentee shown', '%(num)s mentees shown', shown.length);
  };
  search.input.addEventListener('input', paint);
  order.input.addEventListener('change', paint);
  left.addEventListener('change', paint);
  mount(view, h('div', { class: 'list-tools' }, search.wrap, order.wrap,
    h('label', { class: 'check' }, left, h('span', {}, t('Show people who left')))), count, list);
  paint();
}
