// DOM helpers: text only through textContent, never innerHTML with data.
import { t } from './i18n.js';

let idCounter = 0;
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** h('button', {class: 'primary', on: {click}}, 'Text', child…) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'on') for (const [name, fn] of Object.entries(value)) el.addEventListener(name, fn);
    else if (key === 'attrs') for (const [name, v] of Object.entries(value)) { if (v != null) el.setAttribute(name, v); }
    else if (key === 'text') el.textContent = value;
    else el[key] = value;
  }
  append(el, children);
  return el;
}

/** Append children to el, skipping null/false (Element.append would write "null"). */
export function mount(el, ...children) {
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** User content (a name, a code, a topic…) set apart from the text around it: in right-to-left text a Latin
 * name keeps its own order and punctuation (<bdi> takes the direction of its own first letter). */
export function iso(text) {
  return text === null || text === undefined || text === '' ? '' : h('bdi', {}, String(text));
}

/** A translated sentence with user content in its placeholders, as nodes: translate(params) calls t()/tn()
 * with the params it is given; each value of `user` lands in the sentence as a <bdi>. */
export function isoText(translate, user) {
  const marks = Object.fromEntries(Object.keys(user).map((name) => [name, `\uE000${name}\uE001`]));
  return translate(marks).split(/(\uE000\w+\uE001)/).filter(Boolean).map((part) => {
    const name = part.startsWith('\uE000') ? part.slice(1, -1) : null;
    return name !== null && name in user ? iso(user[name]) : part;
  });
}

/** Select options are text only: there the user content is wrapped in Unicode's isolates (FSI … PDI). */
export function isoString(text) {
  return text ? `\u2068${text}\u2069` : '';
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A labelled form field; returns {wrap, input, error}. */
export function field(label, input, { hint, required } = {}) {
  input.id = input.id || uid('in');
  if (required) input.required = true;
  // The asterisk stays outside the label so that the field's name is just its label.
  const labelEl = h('div', { class: 'label-row' }, h('label', { htmlFor: input.id }, label),
    required ? h('span', { class: 'req', attrs: { 'aria-hidden': 'true' } }, '*') : null);
  const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
  const described = [error.id];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: uid('hint') }, hint);
    described.unshift(hintEl.id);
  }
  input.setAttribute('aria-describedby', described.join(' '));
  const wrap = h('div', { class: 'field' }, labelEl, hintEl, input, error);
  return { wrap, input, error };
}

export function showError(fieldParts, message) {
  fieldParts.error.textContent = message || '';
  fieldParts.error.hidden = !message;
  if (message) fieldParts.input.setAttribute('aria-invalid', 'true');
  else fieldParts.input.removeAttribute('aria-invalid');
}

export function select(options, value) {
  const el = h('select');
  for (const [optionValue, label] of options) {
    el.append(h('option', { value: optionValue, selected: optionValue === value }, label));
  }
  if (value !== undefined && value !== null) el.value = value;
  return el;
}

export function button(label, onClick, cls = '') {
  return h('button', { type: 'button', class: cls, on: { click: onClick } }, label);
}

/** The screen's heading, focused after navigation so screen readers announce it. */
export function heading(text) {
  return h('h1', { tabIndex: -1, class: 'screen-title' }, text);
}

export function toast(message) {
  const region = document.getElementById('toast');
  region.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { region.textContent = ''; }, 4000);
}

/** A modal question; resolves true when the user confirms. */
export function confirmDialog(message, okLabel, { danger = false } = {}) {
  return new Promise((resolve) => {
    const text = h('p', { id: uid('dlg') }, message);
    const dialog = h('dialog', { class: 'dialog', attrs: { 'aria-describedby': text.id } });
    const finish = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    dialog.append(text, h('div', { class: 'actions' },
      button(t('Cancel'), () => finish(false), 'secondary'),
      button(okLabel, () => finish(true), danger ? 'danger' : 'primary')));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// Some browsers ship no date data for a language (Chromium's ICU for Bosnian prints "M11"):
// then format like its nearest neighbour.
const INTL_NEIGHBOUR = { bs: 'sr-Latn' };
const intlCache = new Map();

export function intlLocale() {
  const lang = document.documentElement.lang || 'en';
  if (!intlCache.has(lang)) {
    const month = new Intl.DateTimeFormat(lang, { month: 'short' }).format(new Date(2026, 10, 1));
    intlCache.set(lang, /^M\d+$/.test(month) && INTL_NEIGHBOUR[lang] ? INTL_NEIGHBOUR[lang] : lang);
  }
  return intlCache.get(lang);
}

// Chromium ships no collation for Bosnian (C, Ć, Č would sort as one letter): Croatian's is the same alphabet.
const COLLATION_NEIGHBOUR = { bs: 'hr' };
const collators = new Map();

/** Compares names in the order of the page's language (Bosnian: C < Č < Ć < D; Swedish: Z < Å < Ä < Ö). */
export function collator() {
  const lang = document.documentElement.lang || 'en';
  if (!collators.has(lang)) {
    const supported = Intl.Collator.supportedLocalesOf([lang]).length > 0;
    const locale = supported ? lang : (COLLATION_NEIGHBOUR[lang.split('-')[0]] || lang);
    collators.set(lang, new Intl.Collator(locale, { numeric: true }));
  }
  return collators.get(lang);
}

/** People by family name, then given name, then code, in the language's order. */
export function byName(a, b) {
  const { compare } = collator();
  return compare(a.family_name || '', b.family_name || '') || compare(a.given_name || '', b.given_name || '')
    || compare(a.code || '', b.code || '');
}

/** "3 days", "5 minutes"… for how long ago a time was. */
export function age(ms, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  const format = (value, unit) => new Intl.NumberFormat(intlLocale(),
    { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  for (const [unit, size] of units) {
    if (seconds >= size) return format(Math.floor(seconds / size), unit);
  }
  return format(seconds, 'second');
}

/** "just now" under a minute, else "5 minutes ago" (never "0 seconds ago"). */
export function ago(ms, now = Date.now()) {
  return now - ms < 60000 ? t('just now') : t('%(ago)s ago', { ago: age(ms, now) });
}

const dateFormats = new Map();

export function formatDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  const locale = intlLocale();
  if (!dateFormats.has(locale)) { // made once per language: a list of many dates would make one per date
    dateFormats.set(locale, new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }));
  }
  return dateFormats.get(locale).format(new Date(y, m - 1, d));
}

export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function emptyState(text) {
  return h('p', { class: 'empty' }, text);
}

export function backLink(path, label) {
  return h('a', { href: `#/${path}`, class: 'back' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '‹ '), label);
}

/** The first invalid field gets focus; returns true when the form is valid. */
export function validate(checks) {
  let first = null;
  for (const [parts, message] of checks) {
    showError(parts, message || '');
    if (message && !first) first = parts;
  }
  if (first) first.input.focus();
  return !first;
}
