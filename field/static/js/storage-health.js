// On the sync screen: how old the oldest change still waiting for the server is (what a cleared browser
// storage would cost), beside persist()'s answer (screens/sync.js storageLine).
import { tn, t } from './i18n.js';
import { h } from './ui.js';
import { oldestUnsyncedHours } from './ios.js';

export function oldestUnsyncedLine(entries) {
  const hours = oldestUnsyncedHours(entries || []);
  const text = hours === null ? t('Every change is on the server.')
    : hours < 24 ? tn('The oldest change not yet on the server was made %(num)s hour ago.',
      'The oldest change not yet on the server was made %(num)s hours ago.', hours)
      : tn('The oldest change not yet on the server was made %(num)s day ago.',
        'The oldest change not yet on the server was made %(num)s days ago.', Math.floor(hours / 24));
  return h('p', { class: 'oldest-unsynced' }, text);
}
