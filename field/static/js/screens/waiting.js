// The sync screen's list of changes not sent yet, each with "Cancel change": the entry leaves the
// outbox and the record goes back to what it was (removed if it never reached the server).
import { t, tn } from '../i18n.js';
import { cancelChange } from '../changes.js';
import { button, confirmDialog, h, toast } from '../ui.js';
import { ENTITY, describe } from './problems.js';

const SHOWN = 50;

function what(entry) {
  if (entry.op === 'delete') return t('Delete');
  return entry.creates ? t('New') : t('Changed');
}

export async function waitingSection(entries, rerender) {
  const unsent = entries.filter((e) => e.state === 'pending' && !e.attempts);
  if (!unsent.length) return null;
  const deletedSession = t('a deleted session');
  const items = await Promise.all(unsent.slice(-SHOWN).reverse().map(async (entry) => h('li', { class: 'card waiting-item' },
    h('p', { class: 'card-title' }, `${ENTITY()[entry.entity] || entry.entity}: ${await describe(entry.entity, entry.id)
      || (entry.entity === 'session' && entry.op === 'delete' ? deletedSession : '')}`),
    h('p', { class: 'card-meta' }, what(entry)),
    button(t('Cancel change'), async () => {
      const message = entry.op === 'delete' ? t('Cancel this delete? The record comes back on this phone.')
        : entry.creates ? t('Cancel this new record? It is removed from this phone and never sent.')
          : t('Cancel this change? The record goes back to what it was before.');
      if (!(await confirmDialog(message, t('Cancel change'), { danger: true }))) return;
      toast(await cancelChange(entry.seq) ? t('Change cancelled.') : t('It was sent meanwhile and cannot be cancelled.'));
      rerender();
    }, 'secondary'))));
  return h('section', { attrs: { 'aria-labelledby': 'waiting' } },
    h('h2', { id: 'waiting' }, t('Not sent yet')),
    h('p', { class: 'muted' }, tn('%(num)s change waits to be sent. You can cancel it until then.',
      '%(num)s changes wait to be sent. You can cancel them until then.', unsent.length)),
    unsent.length > SHOWN ? h('p', { class: 'muted small' }, t('The newest %(num)s are shown.', { num: SHOWN })) : null,
    h('ul', { class: 'cards' }, items));
}
