// The sync screen's list of changes not sent yet, each with "Don't send" (cancel the change): the entry leaves the
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
    button(t('Don\'t send'), async () => {
      const message = entry.op === 'delete' ? t('Don\'t send this delete? The record comes back on this phone.')
        : entry.creates ? t('Don\'t send this new record? It is removed from this phone.')
          : t('Don\'t send this change? The record goes back to what it was before.');
      if (!(await confirmDialog(message, t('Don\'t send'), { danger: true }))) return;
      toast(await cancelChange(entry.seq) ? t('Change taken back.') : t('It was sent meanwhile and cannot be taken back.'));
      rerender();
    }, 'secondary'))));
  return h('section', { attrs: { 'aria-labelledby': 'waiting' } },
    h('h2', { id: 'waiting' }, t('Not sent yet')),
    h('p', { class: 'muted' }, tn('%(num)s change waits to be sent. Until then you can take it back.',
      '%(num)s changes wait to be sent. Until then you can take them back.', unsent.length)),
    unsent.length > SHOWN ? h('p', { class: 'muted small' }, t('The newest %(num)s are shown.', { num: SHOWN })) : null,
    h('ul', { class: 'cards' }, items));
}
