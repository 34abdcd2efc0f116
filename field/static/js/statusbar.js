// Sync status, always in sight: records waiting, last successful sync,
// problems to fix. A tap opens the sync screen.
import { t, tn } from './i18n.js';
import { getMeta, transact, req } from './db.js';
import { on } from './events.js';
import { outboxSummary } from './outbox.js';
import { session } from './session.js';
import { syncState } from './sync.js';
import { age } from './ui.js';
import { hideBanner, showBanner } from './banners.js';

let pending = null;

export async function statusSummary() {
  const [box, last, conflicts] = await Promise.all([outboxSummary(), getMeta('last_sync_ok'),
    transact(['notices'], 'readonly', (tx) => req(tx.objectStore('notices').count()))]);
  return { ...box, conflicts, last: last || null, state: syncState(), online: navigator.onLine !== false, session: session() };
}

function pillText(s) {
  if (s.state.running) return [t('Syncing…'), 'busy'];
  if (s.session && s.session.needs_auth) return [t('Sign in to send'), 'alert'];
  if (s.rejected) return [tn('%(num)s to fix', '%(num)s to fix', s.rejected), 'alert'];
  if (s.conflicts && !s.waiting) return [tn('%(num)s to check', '%(num)s to check', s.conflicts), 'alert'];
  if (s.waiting) return [tn('%(num)s waiting', '%(num)s waiting', s.waiting), s.online ? 'waiting' : 'offline'];
  if (!s.online) return [t('Offline'), 'offline'];
  if (s.state.error === 'update') return [t('Update needed'), 'alert'];
  if (s.last && Date.now() - s.last < 60000) return [t('Synced just now'), 'ok'];
  if (s.last) return [t('Synced %(ago)s ago', { ago: age(s.last) }), 'ok'];
  return [t('Not synced yet'), 'waiting'];
}

async function paint() {
  pending = null;
  const pill = document.getElementById('sync-status');
  const current = session();
  pill.hidden = !current || !!current.signed_out;
  if (!current) return;
  if (current.signed_out) {
    showBanner('auth', current.signed_out === 'deactivated'
      ? t('A coordinator deactivated your account and the participants\' data was removed from this phone.')
      : t('A coordinator signed this phone out and the participants\' data was removed from it.'),
    t('Sign in again'), () => { location.hash = '#/signin'; });
    return;
  }
  const s = await statusSummary();
  const [text, tone] = pillText(s);
  pill.textContent = text;
  pill.className = `sync-pill tone-${tone}`;
  pill.setAttribute('aria-label', t('Sync status: %(text)s', { text }));
  if (current.needs_auth) {
    showBanner('auth', tn('Your sign-in has expired. %(num)s record is safe on this phone: sign in again to send it.',
      'Your sign-in has expired. %(num)s records are safe on this phone: sign in again to send them.', s.waiting + s.rejected),
    t('Sign in again'), () => { location.hash = '#/signin'; });
  } else {
    hideBanner('auth');
  }
}

export function renderStatus() {
  const pill = document.getElementById('sync-status');
  pill.addEventListener('click', () => { location.hash = '#/sync'; });
  const refresh = () => { if (!pending) pending = Promise.resolve().then(paint); };
  on('outbox-changed', refresh);
  on('sync-state', refresh);
  on('language-changed', refresh);
  window.addEventListener('online', refresh);
  window.addEventListener('offline', refresh);
  setInterval(refresh, 30000);
  refresh();
}
