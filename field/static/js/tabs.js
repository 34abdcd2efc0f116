// The bottom navigation: big targets for a thumb.
import { t } from './i18n.js';
import { hasRole, session } from './session.js';
import { clear, h } from './ui.js';

const SECTION = {
  today: 'today', 'session-form': 'today', 'session-view': 'today', attendance: 'today', assess: 'today',
  'assessment-form': 'today', participants: 'participants', 'participant-form': 'participants',
  participant: 'participants', mentoring: 'mentoring', mentee: 'mentoring', 'goal-form': 'mentoring', sync: 'sync',
  flags: 'today',
};

export function renderTabs(screen, query = {}) {
  const nav = document.getElementById('tabs');
  if (!session() || session().signed_out || screen === 'signin') {
    nav.hidden = true;
    return;
  }
  nav.hidden = false;
  const tabs = [['today', t('Today')], ['participants', t('Participants')]];
  if (hasRole('mentor')) tabs.push(['mentoring', t('Mentoring')]);
  tabs.push(['sync', t('Sync')]);
  const current = (query.back || '').startsWith('mentee') ? 'mentoring' : SECTION[screen];
  nav.setAttribute('aria-label', t('Main'));
  clear(nav).append(h('ul', {}, tabs.map(([key, label]) => h('li', {},
    h('a', { href: `#/${key}`, class: 'tab', attrs: { 'aria-current': current === key ? 'page' : null } }, label)))));
}
