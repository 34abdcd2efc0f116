// Translations in the browser, from the same .po files as the server
// (compiled to /static/i18n/<lang>.json by `flask translate compile`).
// Placeholders use the server's syntax, %(name)s, so babel checks them too.
// A newly loaded catalog emits 'language-changed': whatever is in sight paints itself again.
import { emit } from './events.js';

let catalog = { locale: 'en', dir: 'ltr', messages: {} };

export async function loadCatalog(lang) {
  const response = await fetch(`/static/i18n/${encodeURIComponent(lang)}.json`);
  if (!response.ok) throw new Error(`No catalog for ${lang}`);
  catalog = await response.json();
  document.documentElement.lang = catalog.locale;
  document.documentElement.dir = catalog.dir;
  emit('language-changed', catalog.locale);
  return catalog;
}

export function currentLocale() {
  return catalog.locale;
}

function fill(text, params) {
  if (!params) return text;
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Translate msgid; params fill %(name)s placeholders. */
export function t(msgid, params) {
  const found = catalog.messages[msgid];
  return fill(typeof found === 'string' ? found : msgid, params);
}

/** Plural: singular/plural are the English forms; n picks the locale's form. */
export function tn(singular, plural, n, params) {
  const forms = catalog.messages[singular];
  const values = { num: n, ...params };
  if (forms && typeof forms === 'object') {
    const category = new Intl.PluralRules(catalog.locale).select(n);
    return fill(forms[category] ?? forms.other ?? plural, values);
  }
  return fill(n === 1 ? singular : plural, values);
}
