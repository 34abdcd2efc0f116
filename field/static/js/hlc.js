// Hybrid logical clock of this device (SYNC.md rule 4):
// <UTC ISO 8601 with ms and Z>_<4 hex counter>_<device_id>. It never runs
// backwards, even when the phone's clock does, and it moves up to the
// server's time when a sync tells it (so a slow phone clock does not lose
// every merge).

let state = { ms: 0, counter: 0 };
let deviceId = '';

export function startClock(id, saved) {
  deviceId = id;
  if (saved && Number.isFinite(saved.ms)) state = { ms: saved.ms, counter: saved.counter | 0 };
}

export function format({ ms, counter }, device = deviceId) {
  return `${new Date(ms).toISOString()}_${counter.toString(16).padStart(4, '0')}_${device}`;
}

/** The next timestamp for a local write; the state to persist is clockState(). */
export function tick(now = Date.now()) {
  if (now > state.ms) {
    state = { ms: now, counter: 0 };
  } else if (state.counter >= 0xffff) {
    state = { ms: state.ms + 1, counter: 0 };
  } else {
    state = { ms: state.ms, counter: state.counter + 1 };
  }
  return format(state);
}

/** Take in a remote time (the server's clock): later local ticks sort after it. */
export function receive(remoteIso) {
  const ms = Date.parse(remoteIso);
  if (Number.isFinite(ms) && ms > state.ms) state = { ms, counter: 0 };
}

export function clockState() {
  return { ...state };
}
