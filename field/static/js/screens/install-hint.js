// iOS Safari may clear a site's storage after 7 days without a visit unless
// the app is on the home screen: say so where it matters.
import { t } from '../i18n.js';
import { h } from '../ui.js';

export function isIosBrowser() {
  const ios = /iphone|ipad|ipod/i.test(navigator.userAgent)
    || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const standalone = navigator.standalone === true || matchMedia('(display-mode: standalone)').matches;
  return ios && !standalone;
}

export function installHint() {
  if (!isIosBrowser()) return null;
  return h('p', { class: 'notice' }, t('On iPhone, add Field Mentor to the home screen (Share, then "Add to Home Screen"). Otherwise Safari may delete records kept on the phone after 7 days without use.'));
}
