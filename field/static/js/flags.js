// Coordinator flags on the phone. A coordinator's review arrives as a pulled, read-only `review`
// record (models/review.py): one per approval or flag, newest version last. A record is flagged
// while its newest review is a flag; the flag clears when the coordinator approves the corrected
// version (a newer review with status "approved").
import { t } from './i18n.js';
import { all, get } from './store.js';
import { h } from './ui.js';
import { fixPath } from './screens/problems.js';

const key = (entity, id) => `${entity}:${id}`;

/** The newest review of every reviewed record on this phone: Map "entity:id" → review. */
export async function latestReviews() {
  const newest = new Map();
  for (const review of await all('review')) {
    const k = key(review.record_entity, review.record_id);
    const seen = newest.get(k);
    if (!seen || (review.version || 0) > (seen.version || 0)) newest.set(k, review);
  }
  return newest;
}

/** Flags still open on records this phone holds (deleted or evicted records carry none). */
export async function openFlags() {
  const flags = [];
  for (const review of (await latestReviews()).values()) {
    if (review.status !== 'flagged') continue;
    const record = await get(review.record_entity, review.record_id);
    if (record) flags.push({ review, record });
  }
  return flags.sort((a, b) => (b.review.version || 0) - (a.review.version || 0));
}

/** The note of an open flag on a record's own form (no "Fix": the form is the fix), or null. */
export async function formFlag(entity, id) {
  const review = id ? await flagOf(entity, id) : null;
  return review ? flagNote(review, { fix: false }) : null;
}

/** Notes of the open flags on `records` ([{entity, id, what}]; `what` text or an async function), in order. */
export async function flagNotes(records) {
  const newest = await latestReviews();
  const notes = [];
  for (const { entity, id, what } of records) {
    const review = newest.get(key(entity, id));
    if (review && review.status === 'flagged') {
      notes.push(await flagNote(review, { what: typeof what === 'function' ? await what() : what }));
    }
  }
  return notes;
}

/** The open flag of one record, or null. */
export async function flagOf(entity, id) {
  const review = (await latestReviews()).get(key(entity, id));
  return review && review.status === 'flagged' ? review : null;
}

/** The coordinator's note on a record, with "Fix" (when the phone has a form for it). */
export async function flagNote(review, { what = '', fix = true } = {}) {
  const record = await get(review.record_entity, review.record_id);
  const path = await fixPath(review.record_entity, review.record_id);
  // changed since the flag (sent or waiting): the note stays until the coordinator approves
  const changed = record && (record.version == null || record.version > (review.record_version || 0));
  return h('div', { class: 'flag-note', attrs: { role: 'note' } },
    h('p', { class: 'flag-title' }, what ? t('Flagged by your coordinator: %(what)s', { what })
      : t('Flagged by your coordinator')),
    review.comment ? h('p', { class: 'flag-comment' }, h('bdi', {}, review.comment)) : null,
    changed ? h('p', { class: 'muted small' }, t('You corrected it; the flag clears when your coordinator approves.')) : null,
    path && fix ? h('a', { class: 'button primary', href: `#/${path}` }, t('Fix')) : null);
}
