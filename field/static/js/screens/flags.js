// Records a coordinator flagged: each with the note and "Fix" (reached from Today).
import { t } from '../i18n.js';
import { flagNote, openFlags } from '../flags.js';
import { backLink, emptyState, h, heading, mount } from '../ui.js';
import { ENTITY, describeText } from './problems.js';

export default async function render(view) {
  const flags = await openFlags();
  mount(view, backLink('today', t('Today')), heading(t('Flagged by your coordinator')));
  if (!flags.length) {
    mount(view, emptyState(t('Nothing flagged. When a coordinator flags a record, the note shows here.')));
    return;
  }
  mount(view, h('ul', { class: 'cards' }, await Promise.all(flags.map(async ({ review }) => h('li', { class: 'card' },
    await flagNote(review, { what: `${ENTITY()[review.record_entity] || review.record_entity}: ${await describeText(review.record_entity, review.record_id)}` }))))));
}
