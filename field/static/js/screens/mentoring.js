// Mentoring: my mentees, with their open goals and the next due date.
import { t, tn } from '../i18n.js';
import { all, myMentees } from '../store.js';
import { currentUser } from '../session.js';
import { codeOf, personName } from '../labels.js';
import { emptyState, formatDate, h, heading, mount } from '../ui.js';

export default async function render(view) {
  const me = currentUser();
  const mentees = await myMentees();
  const goals = (await all('mentoring_goal')).filter((g) => g.mentor_id === me.id);
  mount(view, heading(t('My mentees')));
  if (!mentees.length) {
    mount(view, emptyState(t('No mentees on this phone yet. Sync, or ask your coordinator to assign you.')));
    return;
  }
  mount(view, h('ul', { class: 'cards' }, mentees.map((p) => {
    const open = goals.filter((g) => g.participant_id === p.id && (g.status === 'open' || g.status === 'in_progress'));
    const due = open.map((g) => g.due_on).filter(Boolean).sort()[0];
    return h('li', {}, h('a', { class: 'card link-card', href: `#/mentee/${p.id}` },
      h('span', { class: 'card-title' }, personName(p)),
      h('span', { class: 'card-meta' }, codeOf(p)),
      h('span', { class: 'card-meta' }, tn('%(num)s open goal', '%(num)s open goals', open.length)),
      due ? h('span', { class: 'card-meta' }, t('Next due: %(date)s', { date: formatDate(due) })) : null));
  })));
}
