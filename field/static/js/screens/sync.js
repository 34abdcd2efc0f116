// Sync: what waits, when the last sync worked, problems to fix, backup,
// storage, language and sign-out.
import { t, tn } from '../i18n.js';
import { getAll, getMeta, getOne, setMeta } from '../db.js';
import { on } from '../events.js';
import { allEntries, releaseHolds } from '../outbox.js';
import { deviceName, signOut, unsyncedCount } from '../session.js';
import { syncNow, syncState } from '../sync.js';
import { statusSummary } from '../statusbar.js';
import { downloadBackup, importBackup } from '../backup.js';
import { ago, button, confirmDialog, field, h, heading, intlLocale, isoText, mount, toast } from '../ui.js';
import { ENTITY, describe, problemCard, conflictCard } from './problems.js';
import { waitingByParent } from '../waiting.js';
import { dontSend, whatItDoes } from './waiting.js';
import { languagePicker } from './language.js';
import { installHint } from './install-hint.js';
import { oldestUnsyncedLine } from '../storage-health.js';
import { retentionDays } from '../retention.js';
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
  if (s.session.signed_out) return t('A coordinator signed this phone out.');
  if (s.session.needs_auth) return t('Your sign-in has expired: sign in again to send the records.');
  if (s.state.error === 'update') return t('The server needs a newer version of the app. Reload when asked.');
  if (!s.online) return t('No connection. Records wait safely on this phone.');
  if (s.state.error === 'network') return t('The server could not be reached. The app tries again by itself.');
  if (s.state.error === 'server') return t('The server had a problem. The app tries again by itself.');
  return t('Connected.');
}

const LISTED = 50;

/** What waits to be sent, newest first: kind, who or what it is about, how long it waits. */
async function waitingList(entries, rerender) {
  const pending = entries.filter((e) => e.state === 'pending').sort((a, b) => b.created_at - a.created_at);
  if (!pending.length) return h('p', { class: 'empty' }, t('Nothing waits to be sent.'));
  const kinds = ENTITY();
  const items = await Promise.all(pending.slice(0, LISTED).map(async (entry) => {
    const about = await describe(entry.entity, entry.id);
    return h('li', { class: 'waiting-item', attrs: { 'data-entity': entry.entity } },
      h('span', { class: 'waiting-kind' }, `${kinds[entry.entity] || entry.entity} · ${whatItDoes(entry)}`),
      about.length ? h('span', { class: 'waiting-about' }, about) : null,
      h('span', { class: 'waiting-age muted small' }, ago(entry.created_at)),
      dontSend(entry, rerender));
  }));
  return [h('ul', { class: 'waiting-list', id: 'waiting-list' }, items),
    pending.length > LISTED ? h('p', { class: 'muted small' },
      tn('and %(num)s more', 'and %(num)s more', pending.length - LISTED)) : null];
}

/** The name the coordinator sees on the devices page. */
async function deviceNameField() {
  const saved = (await getMeta('device_label')) || '';
  const input = h('input', { type: 'text', name: 'device_label', maxLength: 120, value: saved,
    placeholder: (await deviceName()).slice(0, 40), autocomplete: 'off' });
  const parts = field(t('Name of this phone'), input, { hint: t('Your coordinator sees it on the devices page.') });
  const save = button(t('Save name'), async () => {
    await setMeta('device_label', input.value.trim().replace(/\s+/g, ' ').slice(0, 120));
    toast(t('Saved. It is sent with the next sync.'));
  }, 'secondary');
  return h('div', { class: 'device-name' }, parts.wrap, save);
}

export default async function render(view, { navigate }) {
  const s = await statusSummary();
  const entries = await allEntries();
  // changes waiting for a refused record show on that record's card, not as problems of their own
  const records = new Map(await Promise.all(entries.map(async (e) =>
    [`${e.entity}:${e.id}`, ((await getOne('records', [e.entity, e.id])) || {}).data])));
  const { byParent, seqs: waitingSeqs } = waitingByParent(entries, records);
  const rejected = entries.filter((e) => e.state === 'rejected' && !waitingSeqs.has(e.seq));
  const stateEl = h('p', { class: 'state-line', attrs: { 'aria-live': 'polite' } }, stateLine(s));
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
    stateEl,
    h('dl', { class: 'details' },
      h('div', {}, h('dt', {}, t('Records waiting')), h('dd', { class: 'waiting-count' }, String(s.waiting + s.rejected))),
      h('div', {}, h('dt', {}, t('Last successful sync')), h('dd', { class: 'last-sync' }, s.last
        ? t('%(when)s (%(ago)s)', { when: new Date(s.last).toLocaleString(intlLocale()), ago: ago(s.last) })
        : t('Never')))),
    h('section', { attrs: { 'aria-labelledby': 'waiting' } },
      h('h2', { id: 'waiting' }, t('Waiting to be sent')),
      await waitingList(entries, () => navigate('sync'))),
    s.session.needs_auth ? h('a', { class: 'button primary wide', href: '#/signin' }, t('Sign in again')) : syncButton,
    h('section', { attrs: { 'aria-labelledby': 'problems' } },
      h('h2', { id: 'problems' }, t('Problems to fix')),
      rejected.length || conflicts.length
        ? h('ul', { class: 'cards' }, ...(await Promise.all(rejected.map((e) => problemCard(e, () => navigate('sync'), byParent.get(e.id) || [])))),
          ...conflicts.map((n) => conflictCard(n, () => navigate('sync'))))
        : h('p', { class: 'empty' }, t('Nothing to fix.'))),
    h('section', { attrs: { 'aria-labelledby': 'keep-safe' } },
      h('h2', { id: 'keep-safe' }, t('Keep records safe')),
      h('p', {}, await storageLine()),
      oldestUnsyncedLine(entries),
      h('p', { class: 'retention-line' }, tn(
        'Records the server has are removed from this phone %(num)s day after they were last needed.',
        'Records the server has are removed from this phone %(num)s days after they were last needed.',
        await retentionDays())),
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
      h('p', {}, isoText((params) => t('Signed in as %(name)s', params),
        { name: `${s.session.user.display_name} (${s.session.user.username})` })),
      await deviceNameField(),
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
  // The state line follows a sync that starts while this screen is open ("Syncing now…", not
  // "No connection"); the screen shows the outcome once it ends.
  const here = () => document.body.dataset.screen === 'sync' && view.contains(stateEl);
  const paintState = async () => {
    if (!here()) return;
    stateEl.textContent = stateLine(await statusSummary());
    syncButton.disabled = syncState().running;
  };
  const stops = [];
  const stopAll = () => stops.forEach((stop) => stop());
  stops.push(on('sync-state', () => {
    if (!here()) { stopAll(); return; }
    if (syncState().running) { paintState(); return; }
    stopAll();
    navigate('sync');
  }));
  window.addEventListener('online', paintState);
  window.addEventListener('offline', paintState);
  stops.push(() => window.removeEventListener('online', paintState), () => window.removeEventListener('offline', paintState));
}
