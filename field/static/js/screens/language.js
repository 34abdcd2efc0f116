// The language screen (from the header button on every screen) and the chooser on the
// sign-in and sync screens. The choice goes to the user's profile (locale.js).
import { currentLocale, t } from '../i18n.js';
import { LANGUAGES, chooseLocale } from '../locale.js';
import { backLink, field, h, heading, mount, select } from '../ui.js';

export { LANGUAGES };

export function languagePicker(rerender) {
  const chooser = select(LANGUAGES, currentLocale());
  for (const option of chooser.options) option.lang = option.value;
  chooser.addEventListener('change', async () => {
    try {
      await chooseLocale(chooser.value);
    } catch {
      return;
    }
    rerender();
  });
  return h('div', { class: 'language' }, field(t('Language'), chooser).wrap);
}

export default async function render(view, { query, navigate }) {
  const back = query.back && /^[\w/-]+$/.test(query.back) ? query.back : 'today';
  const list = h('ul', { class: 'lang-list' }, LANGUAGES.map(([code, name]) => h('li', {},
    h('button', {
      type: 'button',
      class: 'lang-choice',
      lang: code,
      attrs: { 'aria-pressed': String(code === currentLocale()) },
      on: {
        click: async () => {
          try {
            await chooseLocale(code);
          } catch {
            return;
          }
          navigate(back);
        },
      },
    }, name))));
  mount(view, backLink(back, t('Back')), heading(t('Language')), list);
}
