// "Don't send" on the sync screen's list of what waits (screens/sync.js): the change leaves the outbox and the
// record goes back to what it was (removed if it never reached the server). Only a change never tried can be
// taken back: one that was sent may already be on the server.
import { t } from '../i18n.js';
import { cancelChange } from '../changes.js';
import { button, confirmDialog, toast } from '../ui.js';

/** The button for an entry not tried yet, else null. */
export function dontSend(entry, rerender) {
  if (entry.state !== 'pending' || entry.attempts) return null;
  return button(t('Don\'t send'), async () => {
    const message = entry.op === 'delete' ? t('Don\'t send this delete? The record comes back on this phone.')
      : entry.creates ? t('Don\'t send this new record? It is removed from this phone.')
        : t('Don\'t send this change? The record goes back to what it was before.');
    if (!(await confirmDialog(message, t('Don\'t send'), { danger: true }))) return;
    toast(await cancelChange(entry.seq) ? t('Change taken back.') : t('It was sent meanwhile and cannot be taken back.'));
    rerender();
  }, 'secondary');
}

/** What the change does to its record: new, changed or deleted. */
export function whatItDoes(entry) {
  if (entry.op === 'delete') return t('Delete');
  return entry.creates ? t('New') : t('Changed');
}
