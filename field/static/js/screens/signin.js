// Sign in: online once; afterwards the app opens offline. After a 401 the
// same person signs in again and the waiting records go.
import { t, tn } from '../i18n.js';
import { ApiError } from '../api.js';
import { deleteDatabase } from '../db.js';
import { adoptProfileLocale } from '../locale.js';
import { session, signIn, unsyncedCount } from '../session.js';
import { resumeAfterSignIn } from '../sync.js';
import { languagePicker } from './language.js';
import { field, h, heading, mount, validate } from '../ui.js';

function explain(error) {
  if (error instanceof ApiError && error.status === 401) return t('Wrong username or password.');
  if (error instanceof ApiError && error.status === 429) return t('Too many attempts. Please wait a minute and try again.');
  if (error instanceof ApiError) return error.message || t('The server could not sign you in. Please try again.');
  return t('No connection. Signing in needs a connection once; after that the app works offline.');
}

export default async function render(view, { navigate }) {
  const previous = session();
  const waiting = previous ? await unsyncedCount() : 0;
  const username = field(t('Username'), h('input', { type: 'text', name: 'username', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: false, value: previous ? previous.user.username : '' }), { required: true });
  const password = field(t('Password'), h('input', { type: 'password', name: 'password', autocomplete: 'current-password' }),
    { required: true });
  const message = h('p', { class: 'form-error', attrs: { role: 'alert' } });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, t('Sign in'));
  const form = h('form', { class: 'stack', noValidate: true }, username.wrap, password.wrap, message, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    const name = username.input.value.trim();
    if (!validate([[username, name ? '' : t('Enter your username.')],
      [password, password.input.value ? '' : t('Enter your password.')]])) return;
    if (previous && waiting && previous.user.username.toLowerCase() !== name.toLowerCase()) {
      message.textContent = t('Records of %(name)s are waiting on this phone. Sign in as %(name)s to send them, or sign out first.',
        { name: previous.user.username });
      return;
    }
    submit.disabled = true;
    submit.textContent = t('Signing in…');
    try {
      if (previous && !waiting && previous.user.username.toLowerCase() !== name.toLowerCase()) await deleteDatabase();
      const next = await signIn(name, password.input.value);
      await adoptProfileLocale(next.user);
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      submit.textContent = t('Downloading your cohorts…');
      await resumeAfterSignIn();
      navigate('today');
    } catch (error) {
      message.textContent = explain(error);
      submit.disabled = false;
      submit.textContent = t('Sign in');
    }
  });

  mount(view, 
    heading(previous ? t('Sign in again') : t('Sign in')),
    previous && waiting
      ? h('p', { class: 'notice' }, tn('%(num)s record is waiting on this phone. It is safe; sign in to send it.',
        '%(num)s records are waiting on this phone. They are safe; sign in to send them.', waiting))
      : h('p', { class: 'muted' }, t('Sign in once with a connection. After that the app opens without one.')),
    form,
    h('p', {}, h('a', { class: 'first-sign-in', href: '/welcome' }, t('First sign-in? Use your code'))),
    previous ? h('a', { class: 'button secondary wide', href: '#/today' }, t('Not now: go on working offline')) : null,
    languagePicker(() => navigate('signin')),
  );
}
