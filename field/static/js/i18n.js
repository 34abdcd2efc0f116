// Translations in the browser, from the same .po files as the server
// (compiled to /static/i18n/<lang>.json by `flask translate compile`).
// Placeholders use the server's syntax, %(name)s, so babel checks them too.
// A newly loaded catalog emits 'language-changed': whatever is in sight paints itself again.
import { emit } from './events.js';
// A message with a context (pgettext's msgctxt) is keyed "context\u0004msgid" (cli/js_catalog.py).

let catalog = { locale: 'en', dir: 'ltr', messages: {} };
const SEPARATOR = '\u0004';

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

const pluralRules = new Map();

function pluralCategory(n) {
  if (!pluralRules.has(catalog.locale)) pluralRules.set(catalog.locale, new Intl.PluralRules(catalog.locale));
  return pluralRules.get(catalog.locale).select(n);
}

function plural(forms, singular, plural_, n, params) {
  const values = { num: n, ...params };
  if (forms && typeof forms === 'object') {
    const category = pluralCategory(n);
    return fill(forms[category] ?? forms.other ?? plural_, values);
  }
  return fill(n === 1 ? singular : plural_, values);
}

/** Translate msgid; params fill %(name)s placeholders. */
export function t(msgid, params) {
  const found = catalog.messages[msgid];
  return fill(typeof found === 'string' ? found : msgid, params);
}

/** Plural: singular/plural are the English forms; n picks the locale's form. */
export function tn(singular, plural_, n, params) {
  return plural(catalog.messages[singular], singular, plural_, n, params);
}

/** Translate msgid in a context (gettext's pgettext), e.g. pt('said of a woman', 'Absent'): languages that
 * need another word there translate it; where the context has no translation the plain msgid's is used. */
export function pt(context, msgid, params) {
  const found = catalog.messages[`${context}${SEPARATOR}${msgid}`];
  return typeof found === 'string' ? fill(found, params) : t(msgid, params);
}

/** Plural in a context (npgettext); falls back like pt(). */
export function npt(context, singular, plural_, n, params) {
  const forms = catalog.messages[`${context}${SEPARATOR}${singular}`];
  return plural(forms && typeof forms === 'object' ? forms : catalog.messages[singular], singular, plural_, n, params);
}
