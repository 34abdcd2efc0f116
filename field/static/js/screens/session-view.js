// One session: what was logged, and the next steps (attendance, skills).
import { t, tn } from '../i18n.js';
import { bySession, get, isPrivate, peopleOfSession } from '../store.js';
import { flagNotes } from '../flags.js';
import { deleteSession, sessionDependents } from '../changes.js';
import { ENTITY, describeText } from './problems.js';
import { codeOf, labelOf, personName, sessionKinds } from '../labels.js';
import { currentUser } from '../session.js';
import { backLink, button, confirmDialog, emptyState, formatDate, h, heading, iso, mount, toast } from '../ui.js';

/** Whether this user may change the session (docs/sync.md "Scope"): the cohort's trainers, the programme's
 *  coordinators and admins, and whoever recorded it; a session not synced yet was recorded here. */
function mayChange(session, cohort) {
  const user = currentUser();
  if (!user || session.version == null || session.created_by == null) return true;
  if (session.created_by === user.id) return true;
  if (cohort && (cohort.trainer_ids || []).includes(user.id)) return true;
  return user.memberships.some((m) => ['coordinator', 'admin'].includes(m.role)
    && (!cohort || m.programme_id === cohort.programme_id || m.role === 'admin'));
}

/** Deleting is offered to whoever recorded the session (or on the phone that made it, before it synced). */
function mayDelete(session) {
  const user = currentUser();
  return !!user && (session.version == null || session.created_by == null || session.created_by === user.id);
}

async function confirmDelete(session) {
  const { attendance, assessments } = await sessionDependents(session.id);
  const parts = [t('Delete the session "%(topic)s" of %(date)s?', { topic: session.topic, date: formatDate(session.date) })];
  if (attendance || assessments) {
    parts.push(t('Its attendance (%(attendance)s marked) and the skill levels recorded in it (%(assessments)s) are deleted with it.',
      { attendance, assessments }));
  }
  parts.push(t('This cannot be undone once it is sent.'));
  return confirmDialog(parts.join(' '), t('Delete session'), { danger: true });
}

function row(term, value) {
  return value ? h('div', {}, h('dt', {}, term), h('dd', {}, value)) : null;
}

export default async function render(view, { params, navigate }) {
  const session = await get('session', params[0]);
  if (!session) {
    mount(view, backLink('today', t('Today')), heading(t('Session not found')), emptyState(t('It may have been removed.')));
    return;
  }
  const cohort = await get('cohort', session.cohort_id);
  const people = await peopleOfSession(session);
  const private_ = isPrivate(session);
  const assessed = new Set((await bySession('assessment', session.id)).map((a) => a.participant_id));
  const flags = await flagNotes([{ entity: 'session', id: session.id },
    ...[...(await bySession('attendance', session.id)), ...(await bySession('assessment', session.id))].map((r) => ({
      entity: r.skill_id ? 'assessment' : 'attendance', id: r.id,
      what: async () => `${ENTITY()[r.skill_id ? 'assessment' : 'attendance']}: ${await describeText(r.skill_id ? 'assessment' : 'attendance', r.id)}`,
    }))]);
  const remove = mayChange(session, cohort) && mayDelete(session) ? button(t('Delete session'), async () => {
    if (!(await confirmDelete(session))) return;
    await deleteSession(session.id);
    toast(t('Session deleted.'));
    navigate('today');
  }, 'danger wide') : null;
  const location = session.location
    ? t('%(lat)s, %(lon)s (within %(acc)s m)', { lat: session.location.lat.toFixed(5), lon: session.location.lon.toFixed(5),
      acc: Math.round(session.location.accuracy_m || 0) }) : '';
  mount(view, 
    private_ ? backLink(`mentee/${session.mentee_ids[0]}`, t('Mentee')) : backLink('today', t('Today')),
    heading(iso(session.topic)),
    flags,
    h('dl', { class: 'details' },
      row(t('Cohort'), cohort ? iso(cohort.name) : ''),
      private_ ? row(t('With'), iso(people.map(personName).join(', '))) : null,
      private_ ? row(t('Seen by'), t('Private: only the mentors of these mentees and the coordinators see it.')) : null,
      row(t('Date'), `${formatDate(session.date)}${session.start_time ? ` ${session.start_time}` : ''}`),
      row(t('Kind'), labelOf(sessionKinds(), session.kind)),
      row(t('Duration'), tn('%(num)s minute', '%(num)s minutes', session.duration_minutes || 0)),
      row(t('Notes'), session.notes ? h('span', { class: 'card-notes', dir: 'auto' }, session.notes) : ''),
      row(t('Location'), location)),
    mayChange(session, cohort)
      ? h('div', { class: 'actions stacked' },
        h('a', { class: 'button primary wide', href: `#/attendance/${session.id}` }, t('Take attendance')),
        h('a', { class: 'button secondary wide', href: `#/session/${session.id}/edit` }, t('Edit session')))
      : h('p', { class: 'muted' }, t('The cohort\'s trainers and the person who recorded this session change it.')),
    h('section', { attrs: { 'aria-labelledby': 'assess-heading' } },
      h('h2', { id: 'assess-heading' }, t('Assess skills')),
      people.length ? h('p', { class: 'muted' }, t('%(done)s of %(total)s assessed in this session', {
        done: people.filter((p) => assessed.has(p.id)).length, total: people.length })) : null,
      people.length ? h('ul', { class: 'list' }, people.map((p) => h('li', {},
        h('a', { class: `list-link${assessed.has(p.id) ? ' is-assessed' : ''}`, href: `#/assess/${p.id}?session=${session.id}` },
          h('span', { class: 'name' }, iso(personName(p))),
          h('span', { class: 'muted' }, assessed.has(p.id) ? [h('span', { class: 'assessed-mark' }, t('Assessed')), ' · '] : null, iso(codeOf(p)))))))
        : emptyState(private_ ? t('Its mentees are not on this phone.') : t('No participants in this cohort yet.'))),
    remove,
  );
}
