// Cards for the sync screen: changes the server rejected (fix or discard)
// and conflicts (both values kept for the coordinator).
import { t } from '../i18n.js';
import { transact } from '../db.js';
import { emit } from '../events.js';
import { discardRejected, saveRecords } from '../outbox.js';
import { get } from '../store.js';
import { localized, personName, rejectionReason } from '../labels.js';
import { button, confirmDialog, formatDate, h, toast } from '../ui.js';

export const ENTITY = () => ({
  participant: t('Participant'), session: t('Session'), attendance: t('Attendance'), assessment: t('Assessment'),
  mentoring_goal: t('Mentoring goal'), outcome: t('Outcome'), survey_response: t('Survey answer'),
});

export async function describe(entity, id) {
  const r = await get(entity, id);
  if (!r) return '';
  if (entity === 'participant') return `${personName(r)} (${r.code})`;
  if (entity === 'session') return `${r.topic} · ${formatDate(r.date)}`;
  if (entity === 'attendance') {
    const [p, s] = await Promise.all([get('participant', r.participant_id), get('session', r.session_id)]);
    return `${personName(p)} · ${s ? `${s.topic} · ${formatDate(s.date)}` : ''}`;
  }
  if (entity === 'assessment') {
    const [p, skill] = await Promise.all([get('participant', r.participant_id), get('skill', r.skill_id)]);
    return `${personName(p)} · ${localized(skill)} · ${formatDate(r.assessed_on)}`;
  }
  if (entity === 'mentoring_goal') return r.title;
  return '';
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

function fieldErrors(errors) {
  const items = Object.entries(errors || {}).map(([name, messages]) =>
    h('li', {}, `${name}: ${Array.isArray(messages) ? messages.join(' ') : JSON.stringify(messages)}`));
  return items.length ? h('ul', { class: 'errors' }, items) : null;
}

export async function problemCard(entry, rerender) {
  const path = await fixPath(entry.entity, entry.id);
  return h('li', { class: 'card problem' },
    h('p', { class: 'card-title' }, `${ENTITY()[entry.entity] || entry.entity}: ${await describe(entry.entity, entry.id)}`),
    h('p', {}, rejectionReason(entry.reason)),
    fieldErrors(entry.errors),
    h('p', { class: 'muted' }, t('Fix it and it is sent again; or discard this change.')),
    h('div', { class: 'actions' },
      path ? h('a', { class: 'button primary', href: `#/${path}` }, t('Fix')) : null,
      button(t('Send again'), async () => {
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
  describe(notice.entity, notice.record_id).then((text) => { card.querySelector('.conflict-what').textContent = text; });
  return card;
}
