// What iOS does differently, decided in one place (docs/field-app.md, "iPhone").
// Every browser on iOS is WebKit with Safari's policies:
//  - no Background Sync: sync-loop.js syncs on open, on 'online', on a timer and when the app is visible;
//  - the storage of a site not added to the home screen can be cleared after days without use:
//    a marker outside IndexedDB says a signed-in database was here (lostDatabase);
//  - Web Push only for an app added to the home screen, iOS 16.4 and later (pushState);
//  - "Add to Home Screen" is offered in Safari only, never inside the installed app (installHintShown).
// The decisions are plain functions of a navigator-like object, so tests run them with a stubbed one.

const HINT_KEY = 'fm-install-hint-dismissed';
const MARKER_KEY = 'fm-had-database';

function matches(query) {
  try {
    return typeof matchMedia === 'function' && matchMedia(query).matches;
  } catch {
    return false;
  }
}

/** What the platform is. ``nav`` and ``media(query) → bool`` stand in for navigator and matchMedia. */
export function detect(nav = navigator, media = matches) {
  const ua = String(nav.userAgent || '');
  // iPadOS 13+ says "Macintosh": a Mac with a touch screen is an iPad.
  const ios = /iPhone|iPad|iPod/.test(ua) || (nav.platform === 'MacIntel' && nav.maxTouchPoints > 1);
  const standalone = nav.standalone === true || media('(display-mode: standalone)');
  const otherBrowser = /CriOS|FxiOS|EdgiOS|OPiOS|GSA\/|FBAN|Instagram/.test(ua);
  const found = ua.match(/(?:iPhone OS|CPU OS) (\d+)_(\d+)/) || (ios && ua.match(/Version\/(\d+)\.(\d+)/));
  const version = found ? Number(found[1]) + Number(found[2]) / 100 : null;
  return { ios, standalone, safari: ios && !otherBrowser, version };
}

/** The "Add to Home Screen" hint: Safari on iOS, not in the installed app, not once dismissed. */
export function installHintShown(info, dismissed) {
  return info.ios && info.safari && !info.standalone && !dismissed;
}

/** 'ok' | 'needs-home-screen' | 'ios-too-old' | 'unsupported'. */
export function pushState(info, hasPushApi) {
  if (info.ios) {
    if (info.version !== null && info.version < 16.04) return 'ios-too-old';
    if (!info.standalone) return 'needs-home-screen';
  }
  return hasPushApi ? 'ok' : 'unsupported';
}

/** A database that was here is gone: the marker says a signed-in phone, IndexedDB has no session. */
export function lostDatabase(marker, hasSession) {
  return !!marker && !hasSession;
}

/** Age in whole hours of the oldest change not yet on the server (null when none waits). */
export function oldestUnsyncedHours(entries, now = Date.now()) {
  const times = entries.map((e) => Number(e.created_at)).filter((n) => Number.isFinite(n) && n > 0);
  if (!times.length) return null;
  return Math.max(0, Math.floor((now - Math.min(...times)) / 3600000));
}

// -- the real browser's side (localStorage may be missing or throw: private modes)

function store() {
  try {
    return window.localStorage || null;
  } catch {
    return null;
  }
}

export function hintDismissed() {
  const s = store();
  return !!(s && s.getItem(HINT_KEY));
}

export function dismissHint() {
  const s = store();
  if (s) s.setItem(HINT_KEY, String(Date.now()));
}

export function markDatabase(present) {
  const s = store();
  if (!s) return;
  if (present) s.setItem(MARKER_KEY, String(Date.now()));
  else s.removeItem(MARKER_KEY);
}

export function databaseMarker() {
  const s = store();
  return s ? s.getItem(MARKER_KEY) : null;
}
