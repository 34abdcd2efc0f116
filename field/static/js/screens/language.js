// The language chooser (sign-in and sync screens).
import { currentLocale, loadCatalog, t } from '../i18n.js';
import { apiFetch } from '../api.js';
import { setMeta } from '../db.js';
import { session } from '../session.js';
import { field, h, select } from '../ui.js';

export const LANGUAGES = [['en', 'English'], ['bs', 'Bosanski'], ['tr', 'Türkçe'], ['hu', 'Magyar'], ['sv', 'Svenska'],
  ['de', 'Deutsch'], ['ar', 'العربية'], ['fi', 'Suomi'], ['nb', 'Norsk bokmål']];

export function languagePicker(rerender) {
  const chooser = select(LANGUAGES, currentLocale());
  for (const option of chooser.options) option.lang = option.value;
  chooser.addEventListener('change', async () => {
    const lang = chooser.value;
    try {
      await loadCatalog(lang);
    } catch {
      return;
    }
    await setMeta('lang', lang);
    const current = session();
    if (current && !current.needs_auth && navigator.onLine) {
      apiFetch('/me', { method: 'PATCH', token: current.token, body: { locale: lang } }).catch(() => {});
    }
    document.getElementById('brand').textContent = t('Field Mentor');
    rerender();
  });
  return h('div', { class: 'language' }, field(t('Language'), chooser).wrap);
}
