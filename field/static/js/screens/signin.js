// Sign in: online once; afterwards the app opens offline. After a 401 the
// same person signs in again and the waiting records go. On a phone a
// coordinator signed out, what was not sent is sealed (vault.js): the same
// person's password opens it, to send it or to download a backup of it.
import { t, tn } from '../i18n.js';
import { ApiError } from '../api.js';
import { deleteDatabase } from '../db.js';
import { adoptProfileLocale } from '../locale.js';
import { session, signIn, signOut, unsyncedCount } from '../session.js';
import { resumeAfterSignIn } from '../sync.js';
import { backupOf, downloadBackup } from '../backup.js';
import { sealedInfo, unseal } from '../vault.js';
import { clearBanners } from '../banners.js';
import { languagePicker } from './language.js';
import { button, confirmDialog, field, h, heading, mount, toast, validate } from '../ui.js';

function explain(error) {
  if (error instanceof ApiError && error.status === 401) return t('Wrong username or password.');
  if (error instanceof ApiError && error.status === 429) return t('Too many attempts. Please wait a minute and try again.');
  if (error instanceof ApiError) return error.message || t('The server could not sign you in. Please try again.');
  return t('No connection. Signing in needs a connection once; after that the app works offline.');
}

function signedOutNotice(previous, sealed) {
  const why = previous.signed_out === 'deactivated'
    ? t('A coordinator deactivated your account and the participants\' data was removed from this phone.')
    : t('A coordinator signed this phone out and the participants\' data was removed from it.');
  const kept = sealed && sealed.count ? tn(
    '%(num)s record not yet sent is kept on this phone, encrypted with your password. Sign in again to send it, or download a backup of it for your coordinator.',
    '%(num)s records not yet sent are kept on this phone, encrypted with your password. Sign in again to send them, or download a backup of them for your coordinator.',
    sealed.count) : null;
  return h('div', { class: 'notice signed-out-notice', attrs: { role: 'status' } }, h('p', {}, why), kept ? h('p', {}, kept) : null);
}

export default async function render(view, { navigate }) {
  const previous = session();
  const isSignedOut = !!(previous && previous.signed_out);
  const sealed = isSignedOut ? await sealedInfo() : null;
  const waiting = isSignedOut ? (sealed ? sealed.count : 0) : previous ? await unsyncedCount() : 0;
  const owner = previous && previous.user ? previous.user.username : '';
  const username = field(t('Username'), h('input', { type: 'text', name: 'username', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: false, value: owner }), { required: true });
  const password = field(t('Password'), h('input', { type: 'password', name: 'password', autocomplete: 'current-password' }),
    { required: true });
  const message = h('p', { class: 'form-error', attrs: { role: 'alert' } });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, t('Sign in'));
  const rescue = h('div', { class: 'rescue' });
  const form = h('form', { class: 'stack', noValidate: true }, username.wrap, password.wrap, message, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    rescue.replaceChildren();
    const name = username.input.value.trim();
    if (!validate([[username, name ? '' : t('Enter your username.')],
      [password, password.input.value ? '' : t('Enter your password.')]])) return;
    if (previous && waiting && owner.toLowerCase() !== name.toLowerCase()) {
      message.textContent = t('Records of %(name)s are waiting on this phone. Sign in as %(name)s to send them, or sign out first.',
        { name: owner });
      return;
    }
    submit.disabled = true;
    submit.textContent = t('Signing in…');
    let opened = null;
    try {
      if (sealed) {
        try {
          opened = await unseal(password.input.value);
        } catch {
          throw new ApiError(401, null);
        }
      }
      if (previous && !waiting && owner.toLowerCase() !== name.toLowerCase()) await deleteDatabase();
      const next = await signIn(name, password.input.value, { opened });
      await adoptProfileLocale(next.user);
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      clearBanners();
      submit.textContent = t('Downloading your cohorts…');
      await resumeAfterSignIn();
      navigate('today');
    } catch (error) {
      message.textContent = explain(error);
      submit.disabled = false;
      submit.textContent = t('Sign in');
      if (opened) {
        // The password opened the records but the server refused (a deactivated account) or is out of
        // reach: the user can still hand them over as a backup file.
        rescue.append(button(t('Download a backup for your coordinator'), async () => {
          const n = await downloadBackup(backupOf(opened.entries, opened.records, opened.sealed.user));
          toast(tn('Backup of %(num)s change downloaded.', 'Backup of %(num)s changes downloaded.', n));
        }, 'secondary wide'));
      }
    }
  });

  const removeAll = isSignedOut ? button(waiting ? t('Remove them from this phone') : t('Sign out'), async () => {
    if (waiting && !(await confirmDialog(tn(
      '%(num)s record has not reached the server. If you remove it, it is lost unless your coordinator has its backup.',
      '%(num)s records have not reached the server. If you remove them, they are lost unless your coordinator has their backup.',
      waiting), t('Remove them'), { danger: true }))) return;
    await signOut();
    clearBanners();
    navigate('signin');
  }, waiting ? 'danger wide' : 'secondary wide') : null;

  mount(view,
    heading(previous ? t('Sign in again') : t('Sign in')),
    isSignedOut ? signedOutNotice(previous, sealed)
      : previous && waiting
        ? h('p', { class: 'notice' }, tn('%(num)s record is waiting on this phone. It is safe; sign in to send it.',
          '%(num)s records are waiting on this phone. They are safe; sign in to send them.', waiting))
        : h('p', { class: 'muted' }, t('Sign in once with a connection. After that the app opens without one.')),
    form,
    rescue,
    h('p', {}, h('a', { class: 'first-sign-in', href: '/welcome' }, t('First sign-in? Use your code'))),
    previous && !isSignedOut ? h('a', { class: 'button secondary wide', href: '#/today' }, t('Not now: go on working offline')) : null,
    removeAll,
    languagePicker(() => navigate('signin')),
  );
}
