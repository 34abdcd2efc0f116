// Ids made on the phone: random UUIDv4 for records and mutations, and the
// UUIDv5 of "<session_id>:<participant_id>" for attendance (SYNC.md rule 7),
// so two phones marking the same person write the same record.

export const ATTENDANCE_NAMESPACE = '6f1c2a9e-3b4d-5e6f-8a7b-9c0d1e2f3a4b';

function toUuid(bytes) {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function uuid4() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return toUuid(bytes);
}

export async function uuid5(namespace, name) {
  const ns = namespace.replace(/-/g, '').match(/../g).map((h) => parseInt(h, 16));
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(ns, 0);
  input.set(nameBytes, 16);
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return toUuid(bytes);
}

export function attendanceId(sessionId, participantId) {
  return uuid5(ATTENDANCE_NAMESPACE, `${sessionId}:${participantId}`);
}

/** This browser's device id: kept across sign-outs (it names the device, not a person). */
export function deviceId() {
  let id = localStorage.getItem('fm-device-id');
  if (!id) {
    id = uuid4();
    localStorage.setItem('fm-device-id', id);
  }
  return id;
}
