// iOS Safari may clear a site's storage after 7 days without a visit unless
// the app is on the home screen: say so where it matters (Safari on iOS only,
// never inside the installed app; dismissible, and it stays dismissed). ios.js decides.
import { t } from '../i18n.js';
import { h } from '../ui.js';
import { detect, dismissHint, hintDismissed, installHintShown } from '../ios.js';

export function isIosBrowser() {
  const info = detect();
  return info.ios && !info.standalone;
}

export function installHint() {
  if (!installHintShown(detect(), hintDismissed())) return null;
  const hint = h('div', { class: 'notice install-hint' },
    h('p', {}, t('On iPhone, add Field Mentor to the home screen (Share, then "Add to Home Screen"). Otherwise Safari may delete records kept on the phone after 7 days without use.')));
  hint.append(h('button', { type: 'button', class: 'secondary', on: { click: () => { dismissHint(); hint.remove(); } } }, t('Got it')));
  return hint;
}
