// The field app: boot, routes, the frame around every screen.
import { loadCatalog, t } from './i18n.js';
import { getMeta, openDb } from './db.js';
import { startClock } from './hlc.js';
import { deviceId } from './ids.js';
import { loadSession, session } from './session.js';
import { startSyncLoop } from './sync-loop.js';
import { renderStatus } from './statusbar.js';
import { registerWorker } from './sw-register.js';
import { renderTabs } from './tabs.js';
import { showBanner } from './banners.js';
import { clear, h } from './ui.js';
import { paintLanguageButton, startLocaleSync } from './locale.js';
import { on } from './events.js';
import { pruneExpired } from './retention.js';
import { checkLostDatabase } from './storage-check.js';
import { startKeyboardCare } from './keyboard.js';

const ROUTES = [
  [/^today$/, 'today'],
  [/^session\/new$/, 'session-form'],
  [/^session\/([\w-]+)$/, 'session-view'],
  [/^session\/([\w-]+)\/edit$/, 'session-form'],
  [/^attendance\/([\w-]+)$/, 'attendance'],
  [/^assess\/([\w-]+)$/, 'assess'],
  [/^assessment\/([\w-]+)$/, 'assessment-form'],
  [/^participants$/, 'participants'],
  [/^participant\/new$/, 'participant-form'],
  [/^participant\/([\w-]+)$/, 'participant'],
  [/^participant\/([\w-]+)\/edit$/, 'participant-form'],
  [/^mentoring$/, 'mentoring'],
  [/^mentee\/([\w-]+)$/, 'mentee'],
  [/^goal\/new$/, 'goal-form'],
  [/^goal\/([\w-]+)$/, 'goal-form'],
  [/^flags$/, 'flags'],
  [/^sync$/, 'sync'],
  [/^signin$/, 'signin'],
  [/^language$/, 'language'],
];

const view = document.getElementById('view');
let renderCount = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  return { path: path || 'today', query: Object.fromEntries(new URLSearchParams(search)) };
}

export function navigate(path) {
  if (location.hash === `#/${path}`) route();
  else location.hash = `#/${path}`;
}

async function route() {
  let { path, query } = parseHash();
  if ((!session() || session().signed_out) && path !== 'signin' && path !== 'language') {
    path = 'signin';
    query = {};
  }
  let name = 'today';
  let params = [];
  for (const [pattern, screen] of ROUTES) {
    const match = path.match(pattern);
    if (match) {
      name = screen;
      params = match.slice(1);
      break;
    }
  }
  const mine = ++renderCount;
  delete view.dataset.ready; // set again once this screen has rendered
  document.body.dataset.screen = name;
  renderTabs(name, query);
  try {
    const screen = await import(`./screens/${name}.js`);
    if (mine !== renderCount) return;
    performance.mark('fm:screen-loaded');
    clear(view);
    await screen.default(view, { params, query, navigate });
    performance.mark('fm:screen-rendered');
  } catch (error) {
    console.error(error);
    clear(view).append(h('h1', { tabIndex: -1, class: 'screen-title' }, t('Something went wrong')),
      h('p', {}, t('This screen could not open. Your saved records are safe.')), h('pre', { class: 'muted small' }, String(error)));
  }
  if (mine !== renderCount) return;
  const title = view.querySelector('h1');
  if (title) {
    document.title = t('%(screen)s · Field Mentor', { screen: title.textContent });
    title.focus({ preventScroll: false });
  }
  // a form opened to fix what the server refused focuses the marked field instead (fix.js)
  const marked = view.querySelector('[data-autofocus]');
  if (marked) marked.focus();
  view.dataset.ready = String(mine);
}

async function chooseLanguage() {
  const saved = await getMeta('lang');
  const fromUser = session() && session().user.locale;
  for (const lang of [saved, fromUser, document.documentElement.lang, 'en']) {
    if (!lang) continue;
    try {
      await loadCatalog(lang);
      return;
    } catch { /* try the next one */ }
  }
}

// Marks of the start-up steps (fm:boot, fm:session, fm:catalog, fm:screen-loaded, fm:screen-rendered):
// bench/pwa_bench.py reports them for the reload to a usable Today.
async function boot() {
  performance.mark('fm:boot');
  await openDb();
  const [, clock] = await Promise.all([loadSession(), getMeta('hlc')]);
  const lost = checkLostDatabase(!!session(), navigate);
  startClock(deviceId(), clock);
  performance.mark('fm:session');
  await chooseLanguage();
  if (lost) checkLostDatabase(false, navigate); // again, in the chosen language
  performance.mark('fm:catalog');
  paintLanguageButton();
  document.getElementById('lang-button').addEventListener('click', () => {
    const here = parseHash();
    if (here.path !== 'language') navigate(`language?back=${encodeURIComponent(here.path)}`);
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('fm:db-versionchange', () => showBanner('reload', t('The app was updated in another tab. Reload to go on.'),
    t('Reload'), () => location.reload()));
  renderStatus();
  on('language-changed', () => {
    paintLanguageButton();
    const { path, query } = parseHash();
    renderTabs(document.body.dataset.screen || path, query);
  });
  if (session() && !session().signed_out) await pruneExpired().catch((error) => console.error(error));
  await route();
  registerWorker();
  startSyncLoop();
  startLocaleSync();
  startKeyboardCare();
  document.body.classList.add('booted');
}

boot();
