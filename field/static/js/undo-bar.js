// "Undo" for a moment after a change: a bar above the tabs with what was done and one button.
// It belongs to the screen that offered it: leaving the screen, the next offer or the time
// running out ends the offer (onEnd), and only then are held changes sent.
import { t } from './i18n.js';
import { h } from './ui.js';

export const UNDO_MS = 10000;
let current = null;

/** Offer undo: `undo()` runs on the tap; `onEnd()` once the offer is over either way. */
export function offerUndo(container, message, undo, onEnd) {
  endUndo({ replaced: true });
  const button = h('button', { type: 'button', class: 'secondary undo-button' }, t('Undo'));
  const bar = h('div', { class: 'undo-bar', attrs: { role: 'status' } }, h('span', { class: 'undo-text' }, message), button);
  const offer = { bar, onEnd, timer: setTimeout(() => endUndo(), UNDO_MS) };
  const leave = () => { if (current === offer) endUndo(); };
  offer.stop = () => window.removeEventListener('hashchange', leave);
  window.addEventListener('hashchange', leave);
  button.addEventListener('click', async () => {
    if (current !== offer) return;
    button.disabled = true;
    clearTimeout(offer.timer);
    await undo();
    endUndo();
  });
  container.append(bar);
  current = offer;
  return offer;
}

/** End the offer on screen; `replaced`: a newer offer takes over (its end will send what waits). */
export function endUndo({ replaced = false } = {}) {
  const offer = current;
  if (!offer) return;
  current = null;
  clearTimeout(offer.timer);
  offer.stop();
  offer.bar.remove();
  if (!replaced) offer.onEnd();
}
