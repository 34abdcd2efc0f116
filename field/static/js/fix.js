// The form opened by "Fix" (sync screen) marks what the server refused: the
// field gets aria-invalid and the server's message next to it, and the first
// such field is focused. Errors of fields the form does not show are listed
// above the form under their labels.
import { req, transact } from './db.js';
import { fieldLabel } from './labels.js';
import { h, showError } from './ui.js';

/** The errors of this record's refused changes, by wire field (empty when nothing was refused). */
export async function refusedErrors(entity, id) {
  const entries = await transact(['outbox'], 'readonly',
    (tx) => req(tx.objectStore('outbox').index('record').getAll([entity, id])));
  const errors = {};
  for (const e of entries.filter((x) => x.state === 'rejected')) {
    for (const [name, messages] of Object.entries(e.errors || {})) {
      errors[name] = [...(errors[name] || []), ...messageList(messages)];
    }
  }
  return errors;
}

/** A server's messages for one field as a flat list of text (nested errors are flattened). */
export function messageList(messages) {
  if (Array.isArray(messages)) return messages.flatMap(messageList);
  if (messages && typeof messages === 'object') return Object.values(messages).flatMap(messageList);
  return [String(messages)];
}

/**
 * Mark the refused fields of a form: fields maps wire names to field() parts. Returns a box for the errors
 * of fields the form does not show (or null). The first marked field is focused.
 */
export function markRefused(entity, errors, fields) {
  let first = null;
  const rest = [];
  for (const [name, messages] of Object.entries(errors)) {
    const parts = fields[name];
    if (parts) {
      showError(parts, messages.join(' '));
      if (!first) first = parts;
    } else {
      rest.push(h('li', {}, `${fieldLabel(entity, name)}: ${messages.join(' ')}`));
    }
  }
  if (first) first.input.dataset.autofocus = 'true';
  return rest.length ? h('ul', { class: 'errors', attrs: { role: 'alert' } }, rest) : null;
}
