// The user's language: shown in the header on every screen, chosen on the language screen,
// kept in the profile (PATCH /api/v1/me). A choice made offline waits in meta 'lang_pending'
// and goes with the next chance (start, 'online', after a sync, sign-in): never lost.
import { currentLocale, loadCatalog, t } from './i18n.js';
import { ApiError, apiFetch } from './api.js';
import { getMeta, setMeta } from './db.js';
import { on } from './events.js';
import { session, updateStoredUser } from './session.js';

export const LANGUAGES = [['en', 'English'], ['bs', 'Bosanski'], ['tr', 'Türkçe'], ['hu', 'Magyar'], ['sv', 'Svenska'],
  ['de', 'Deutsch'], ['ar', 'العربية'], ['fi', 'Suomi'], ['nb', 'Norsk bokmål']];

export function nativeName(lang) {
  const found = LANGUAGES.find(([code]) => code === lang);
  return found ? found[1] : lang;
}

/** The header button: the current language in its own name. */
export function paintLanguageButton() {
  const name = document.getElementById('lang-name');
  if (!name) return;
  name.textContent = nativeName(currentLocale());
  name.lang = currentLocale();
  document.getElementById('lang-label').textContent = t('Language');
  document.getElementById('brand').textContent = t('Field Mentor');
}

let sending = null;

/** Send a waiting choice to the profile; true when nothing waits any more. */
export function sendPendingLocale() {
  if (!sending) sending = trySend().finally(() => { sending = null; });
  return sending;
}

async function trySend() {
  const lang = await getMeta('lang_pending');
  const current = session();
  if (!lang) return true;
  if (!current || current.needs_auth || navigator.onLine === false) return false;
  try {
    const user = await apiFetch('/me', { method: 'PATCH', token: current.token, body: { locale: lang } });
    await updateStoredUser({ locale: (user && user.locale) || lang });
  } catch (error) {
    // 400 means the server will never take it (an unknown language): keep it on this device only
    if (!(error instanceof ApiError && error.status === 400)) return false;
  }
  if ((await getMeta('lang_pending')) === lang) await setMeta('lang_pending', null);
  return true;
}

/** The user chose a language: show it now, remember it, tell the profile when possible. */
export async function chooseLocale(lang) {
  await loadCatalog(lang);
  await setMeta('lang', lang);
  await setMeta('lang_pending', lang);
  paintLanguageButton();
  await sendPendingLocale();
}

/** After sign-in: a choice still waiting wins (and is sent); else the profile's language. */
export async function adoptProfileLocale(user) {
  const pending = await getMeta('lang_pending');
  const lang = pending || user.locale;
  if (lang && lang !== currentLocale()) {
    try { await loadCatalog(lang); } catch { return; }
  }
  if (lang) await setMeta('lang', lang);
  paintLanguageButton();
  if (pending) await sendPendingLocale();
}

export function startLocaleSync() {
  sendPendingLocale();
  window.addEventListener('online', () => sendPendingLocale());
  on('sync-state', () => sendPendingLocale());
}
