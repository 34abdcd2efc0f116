// A file of every change not yet on the server, to carry to another device
// (after sign-in there) and send from it. Mutation ids travel with the
// changes, so a change that did reach the server answers "duplicate".
import { req, transact } from './db.js';
import { deviceId } from './ids.js';
import { emit } from './events.js';
import { currentUser } from './session.js';

export const BACKUP_FORMAT = 'field-mentor-backup';

/** The backup of these outbox entries and their records (also of a sealed phone's, once opened: vault.js). */
export function backupOf(entries, records, user) {
  return {
    format: BACKUP_FORMAT, version: 1, exported_at: new Date().toISOString(), device_id: deviceId(),
    user: user ? { id: user.id, username: user.username } : null,
    changes: entries.map(({ mutation_id, entity, id, op, data, hlc, base_version, created_at, state, reason, errors }) =>
      ({ mutation_id, entity, id, op, data, hlc, base_version, created_at, state, reason, errors })),
    records,
  };
}

export async function makeBackup() {
  return transact(['outbox', 'records'], 'readonly', async (tx) => {
    const entries = await req(tx.objectStore('outbox').getAll());
    const records = [];
    const seen = new Set();
    for (const entry of entries) {
      const key = `${entry.entity}:${entry.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const record = await req(tx.objectStore('records').get([entry.entity, entry.id]));
      if (record) records.push(record);
    }
    return backupOf(entries, records, currentUser());
  });
}

export async function downloadBackup(prepared) {
  const backup = prepared || await makeBackup();
  const blob = new Blob([JSON.stringify(backup, null, 1)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `field-mentor-backup-${backup.exported_at.slice(0, 19).replace(/[:T]/g, '-')}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return backup.changes.length;
}

function valid(backup) {
  return backup && backup.format === BACKUP_FORMAT && Array.isArray(backup.changes) && Array.isArray(backup.records)
    && backup.changes.every((c) => c && typeof c.mutation_id === 'string' && typeof c.entity === 'string'
      && typeof c.id === 'string' && c.data && typeof c.data === 'object' && typeof c.hlc === 'string');
}

/** Add a backup's changes to the outbox; resolves with how many were new here. */
export async function importBackup(text) {
  let backup;
  try {
    backup = JSON.parse(text);
  } catch {
    throw new Error('not-json');
  }
  if (!valid(backup)) throw new Error('not-a-backup');
  let added = 0;
  await transact(['outbox', 'records'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const records = tx.objectStore('records');
    const known = new Set((await req(outbox.getAll())).map((e) => e.mutation_id));
    for (const change of backup.changes) {
      if (known.has(change.mutation_id)) continue;
      // attempts: 1 freezes it: it may have reached the server from the other device.
      outbox.add({ mutation_id: change.mutation_id, entity: change.entity, id: change.id, op: change.op || 'upsert',
        data: change.data, hlc: change.hlc, base_version: change.base_version ?? null, state: 'pending', attempts: 1,
        created_at: change.created_at || Date.now() });
      added += 1;
    }
    for (const record of backup.records) {
      const local = await req(records.get([record.entity, record.id]));
      if (!local) records.put({ entity: record.entity, id: record.id, version: record.version ?? null, data: record.data || {}, deleted: false });
    }
  });
  emit('outbox-changed');
  return added;
}
