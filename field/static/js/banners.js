// Messages that stay in sight above the screen until dealt with.
import { clear, h } from './ui.js';

export function showBanner(key, message, actionLabel, action) {
  const area = document.getElementById('banners');
  hideBanner(key);
  const banner = h('div', { class: `banner banner-${key}`, attrs: { 'data-banner': key, role: 'status' } },
    h('p', {}, message),
    actionLabel ? h('button', { type: 'button', class: 'primary', on: { click: action } }, actionLabel) : null);
  area.append(banner);
  return banner;
}

export function hideBanner(key) {
  const area = document.getElementById('banners');
  for (const el of area.querySelectorAll(`[data-banner="${key}"]`)) el.remove();
}

export function clearBanners() {
  clear(document.getElementById('banners'));
}
