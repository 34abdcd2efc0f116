// Cards for the sync screen: changes the server rejected (fix or discard)
// and conflicts (both values kept for the coordinator).
import { t, tn } from '../i18n.js';
import { transact } from '../db.js';
import { emit } from '../events.js';
import { discardRejected, saveRecords } from '../outbox.js';
import { get, programmeLocale } from '../store.js';
import { codeOf, fieldLabel, localized, personName, rejectionReason } from '../labels.js';
import { messageList } from '../fix.js';
import { button, confirmDialog, formatDate, h, iso, toast } from '../ui.js';

export const ENTITY = () => ({
  participant: t('Participant'), session: t('Session'), attendance: t('Attendance'), assessment: t('Assessment'),
  mentoring_goal: t('Mentoring goal'), outcome: t('Outcome'), survey_response: t('Survey answer'),
});

/** The same as plain text (for a sentence that is translated around it). */
export async function describeText(entity, id) {
  return [await describe(entity, id)].flat(4).map((n) => (typeof n === 'string' ? n : n.textContent)).join('');
}

/** What the record is about, as nodes: names, topics and titles each in their own direction (<bdi>). */
export async function describe(entity, id) {
  const r = await get(entity, id);
  if (!r) return [];
  if (entity === 'participant') return r.erased_at ? [iso(codeOf(r))] : [iso(personName(r)), ' (', iso(codeOf(r)), ')'];
  if (entity === 'session') return [iso(r.topic), ` · ${formatDate(r.date)}`];
  if (entity === 'attendance') {
    const [p, s] = await Promise.all([get('participant', r.participant_id), get('session', r.session_id)]);
    return [iso(personName(p)), ' · ', s ? [iso(s.topic), ` · ${formatDate(s.date)}`] : ''];
  }
  if (entity === 'assessment') {
    const [p, skill] = await Promise.all([get('participant', r.participant_id), get('skill', r.skill_id)]);
    const lang = await programmeLocale(p && await get('cohort', p.cohort_id));
    return [iso(personName(p)), ' · ', iso(localized(skill, 'name', lang)), ` · ${formatDate(r.assessed_on)}`];
  }
  if (entity === 'mentoring_goal') return [iso(r.title)];
  return [];
}

export async function fixPath(entity, id) {
  if (entity === 'participant') return `participant/${id}/edit`;
  if (entity === 'session') return `session/${id}/edit`;
  if (entity === 'assessment') return `assessment/${id}`;
  if (entity === 'mentoring_goal') return `goal/${id}`;
  if (entity === 'attendance') {
    const r = await get('attendance', id);
    return r ? `attendance/${r.session_id}` : null;
  }
  return null;
}

/** The server's errors under the labels the forms show, in the user's language (never `code:`). */
function fieldErrors(entity, errors) {
  const items = Object.entries(errors || {}).map(([name, messages]) =>
    h('li', {}, h('strong', {}, `${fieldLabel(entity, name)}: `), messageList(messages).join(' ')));
  return items.length ? h('ul', { class: 'errors' }, items) : null;
}

/** What waits for this refused record (waiting.js): sent with it once it is fixed. */
async function waitingList(entity, waiting) {
  if (!waiting.length) return null;
  const lines = await Promise.all(waiting.map(async (e) => [`${ENTITY()[e.entity] || e.entity}: `, await describe(e.entity, e.id)]));
  return h('div', { class: 'waiting' },
    h('p', {}, tn('%(num)s change waits for this record and is sent with it once it is fixed:',
      '%(num)s changes wait for this record and are sent with it once it is fixed:', waiting.length)),
    h('ul', { class: 'plain small' }, lines.map((line) => h('li', {}, line))));
}

export async function problemCard(entry, rerender, waiting = []) {
  const path = await fixPath(entry.entity, entry.id);
  const erased = entry.reason === 'erased';
  return h('li', { class: 'card problem' },
    h('p', { class: 'card-title' }, `${ENTITY()[entry.entity] || entry.entity}: `, await describe(entry.entity, entry.id)),
    h('p', {}, rejectionReason(entry.reason)),
    fieldErrors(entry.entity, entry.errors),
    await waitingList(entry.entity, waiting),
    h('p', { class: 'muted' }, erased ? t('The server keeps the person erased: discard this change.')
      : t('Fix it and it is sent again; or discard this change.')),
    h('div', { class: 'actions' },
      path && !erased ? h('a', { class: 'button primary', href: `#/${path}` }, t('Fix')) : null,
      erased ? null : button(t('Send again'), async () => {
        await saveRecords([{ entity: entry.entity, id: entry.id, fields: {} }]);
        toast(t('It will be sent with the next sync.'));
        rerender();
      }, 'secondary'),
      button(t('Discard change'), async () => {
        if (!(await confirmDialog(t('Discard this change? It will not reach the server.'), t('Discard'), { danger: true }))) return;
        await discardRejected(entry.seq);
        rerender();
      }, 'danger')));
}

export function conflictCard(notice, rerender) {
  const sent = Object.entries(notice.data || {}).map(([name, value]) =>
    h('li', {}, `${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`));
  const card = h('li', { class: 'card conflict' },
    h('p', { class: 'card-title' }, t('Changed at the same time on another device: %(what)s', { what: ENTITY()[notice.entity] || notice.entity })),
    h('p', { class: 'conflict-what' }),
    h('p', {}, t('Both values are kept for your coordinator to review. This phone now shows the value the server kept.')),
    h('p', { class: 'muted' }, t('This phone sent:')),
    h('ul', { class: 'errors' }, sent),
    button(t('OK, understood'), async () => {
      await transact(['notices'], 'readwrite', (tx) => { tx.objectStore('notices').delete(notice.id); });
      emit('sync-state');
      rerender();
    }, 'secondary'));
  describe(notice.entity, notice.record_id).then((parts) => { card.querySelector('.conflict-what').replaceChildren(...parts.flat()); });
  return card;
}
