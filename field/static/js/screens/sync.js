// Sync: what waits, when the last sync worked, problems to fix, backup,
// storage, language and sign-out.
import { t, tn } from '../i18n.js';
import { getAll } from '../db.js';
import { on } from '../events.js';
import { allEntries, releaseHolds } from '../outbox.js';
import { signOut, unsyncedCount } from '../session.js';
import { syncNow, syncState } from '../sync.js';
import { statusSummary } from '../statusbar.js';
import { downloadBackup, importBackup } from '../backup.js';
import { age, button, confirmDialog, h, heading, intlLocale, mount, toast } from '../ui.js';
import { problemCard, conflictCard } from './problems.js';
import { waitingSection } from './waiting.js';
import { languagePicker } from './language.js';
import { installHint } from './install-hint.js';
import { clearBanners } from '../banners.js';
import { initPush } from '../push.js';
import { deviceId } from '../ids.js';

async function storageLine() {
  if (!navigator.storage || !navigator.storage.persisted) return t('This browser does not say whether it keeps the records.');
  return (await navigator.storage.persisted()) ? t('This browser keeps the records until you sign out.')
    : t('The browser may clear the records if the phone runs out of space. Sync often.');
}

function stateLine(s) {
  if (s.state.running) return t('Syncing now…');
  if (s.session.needs_auth) return t('Your sign-in has expired: sign in again to send the records.');
  if (s.state.error === 'update') return t('The server needs a newer version of the app. Reload when asked.');
  if (!s.online) return t('No connection. Records wait safely on this phone.');
  if (s.state.error === 'network') return t('The server could not be reached. The app tries again by itself.');
  if (s.state.error === 'server') return t('The server had a problem. The app tries again by itself.');
  return t('Connected.');
}

export default async function render(view, { navigate }) {
  const s = await statusSummary();
  const entries = await allEntries();
  const rejected = entries.filter((e) => e.state === 'rejected');
  const conflicts = await getAll('notices');
  const syncButton = button(t('Sync now'), async () => {
    syncButton.disabled = true;
    await releaseHolds();
    const result = await syncNow();
    toast(result.ok ? t('Sync finished.') : t('Sync did not finish. Your records are safe on this phone.'));
    navigate('sync');
  }, 'primary wide');
  syncButton.disabled = s.state.running || s.session.needs_auth;
  const importInput = h('input', { type: 'file', accept: 'application/json,.json', id: 'import-backup', class: 'file-input' });
  importInput.addEventListener('change', async () => {
    const file = importInput.files[0];
    if (!file) return;
    try {
      const added = await importBackup(await file.text());
      toast(tn('%(num)s change imported. It will be sent with the next sync.', '%(num)s changes imported. They will be sent with the next sync.', added));
      navigate('sync');
    } catch {
      toast(t('This file is not a Field Mentor backup.'));
    }
  });

  // Notifications need the server (a valid token): offered once signed in, never in the way.
  const pushBox = h('div', { id: 'push', class: 'push-box' });
  if (!s.session.needs_auth) initPush({ token: s.session.token, deviceId: deviceId(), container: pushBox });

  mount(view,
    heading(t('Sync')),
    h('p', { class: 'state-line', attrs: { 'aria-live': 'polite' } }, stateLine(s)),
    h('dl', { class: 'details' },
      h('div', {}, h('dt', {}, t('Records waiting')), h('dd', { class: 'waiting-count' }, String(s.waiting + s.rejected))),
      s.oldest ? h('div', {}, h('dt', {}, t('Oldest unsynced record')), h('dd', {}, t('%(ago)s old', { ago: age(s.oldest) }))) : null,
      h('div', {}, h('dt', {}, t('Last successful sync')), h('dd', {}, s.last
        ? t('%(when)s (%(ago)s ago)', { when: new Date(s.last).toLocaleString(intlLocale()), ago: age(s.last) })
        : t('Never')))),
    s.session.needs_auth ? h('a', { class: 'button primary wide', href: '#/signin' }, t('Sign in again')) : syncButton,
    h('section', { attrs: { 'aria-labelledby': 'problems' } },
      h('h2', { id: 'problems' }, t('Problems to fix')),
      rejected.length || conflicts.length
        ? h('ul', { class: 'cards' }, ...(await Promise.all(rejected.map((e) => problemCard(e, () => navigate('sync'))))),
          ...conflicts.map((n) => conflictCard(n, () => navigate('sync'))))
        : h('p', { class: 'empty' }, t('Nothing to fix.'))),
    await waitingSection(entries, () => navigate('sync')),
    h('section', { attrs: { 'aria-labelledby': 'keep-safe' } },
      h('h2', { id: 'keep-safe' }, t('Keep records safe')),
      h('p', {}, await storageLine()),
      installHint(),
      button(t('Download backup'), async () => {
        const n = await downloadBackup();
        toast(tn('Backup of %(num)s change downloaded.', 'Backup of %(num)s changes downloaded.', n));
      }, 'secondary wide'),
      h('label', { htmlFor: importInput.id, class: 'button secondary wide file-label' }, t('Import a backup')),
      importInput),
    pushBox,
    languagePicker(() => navigate('sync')),
    h('section', { attrs: { 'aria-labelledby': 'account' } },
      h('h2', { id: 'account' }, t('Account')),
      h('p', {}, t('Signed in as %(name)s', { name: `${s.session.user.display_name} (${s.session.user.username})` })),
      h('p', { class: 'muted small' }, t('App version %(version)s', {
        version: (document.querySelector('meta[name="fm-shell-version"]') || {}).content || '?' })),
      button(t('Sign out'), async () => {
        const waiting = await unsyncedCount();
        const message = waiting
          ? tn('%(num)s record has not reached the server. If you sign out now it is lost from this phone. Download a backup first, or sync.',
            '%(num)s records have not reached the server. If you sign out now they are lost from this phone. Download a backup first, or sync.', waiting)
          : t('Sign out? Everything about participants is removed from this phone.');
        if (!(await confirmDialog(message, waiting ? t('Sign out and delete them') : t('Sign out'), { danger: !!waiting }))) return;
        await signOut();
        clearBanners();
        navigate('signin');
      }, 'danger wide')),
  );
  // Show the outcome of a sync that ends while this screen is open.
  const stop = on('sync-state', () => {
    if (syncState().running) return;
    stop();
    if (document.body.dataset.screen === 'sync') navigate('sync');
  });
}
