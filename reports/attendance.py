"""Attendance rates: attended (present or late) ÷ marked, excused left out (docs/indicators.md).

Attendance is first summed per session (one pass over the rows, grouped by an
indexed column), and only those per-session sums meet the sessions table, so
a million rows cost one scan rather than a million joins.
"""
from datetime import date

from sqlalchemy import and_, case, distinct, func, select

from models import Attendance, Cohort, TrainingSession, User

from . import sql
from .period import ATTENDED, MENTORING_KINDS, Period


def _sum_if(condition, value=1):
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _per_session(period: Period):
    a = Attendance
    attended = a.status.in_(ATTENDED)
    return (
        select(a.session_id.label("session_id"),
               _sum_if(attended).label("attended"),
               _sum_if(a.status != "excused").label("counted"),
               _sum_if(and_(attended, a.minutes.is_not(None)), a.minutes).label("minutes"),
               _sum_if(and_(attended, a.minutes.is_(None))).label("untimed"))
        .where(a.programme_id == period.programme_id, a.deleted.is_(False))
        .group_by(a.session_id)
        .subquery()
    )


def rollup(session, period: Period, today=None) -> list[dict]:
    """Sessions and their attendance in one pass, per week, kind group and mentor origin.

    Each row: week, group (training/mentoring), diaspora (who wrote the duration is a
    diaspora mentor), remote (a remote mentoring session), sessions, duration (minutes delivered), silent (sessions dated up to
    ``today`` with no attendance at all), attended, counted (marked, not excused) and
    minutes (minutes present). indicators.hours, weekly() and the data-quality count read it.
    """
    s, per = TrainingSession, _per_session(period)
    week = sql.week_start(session, s.date)
    group = case((s.kind.in_(MENTORING_KINDS), "mentoring"), else_="training")
    diaspora = func.coalesce(User.diaspora, False)
    remote = s.kind == "remote_mentoring"
    silent = and_(per.c.session_id.is_(None), s.date <= (today or date.today()))
    rows = session.execute(
        select(week, group, diaspora, remote, func.count(), func.sum(s.duration_minutes), _sum_if(silent),
               func.sum(per.c.attended), func.sum(per.c.counted),
               func.sum(per.c.minutes + per.c.untimed * s.duration_minutes))
        .select_from(s).outerjoin(per, per.c.session_id == s.id)
        .outerjoin(User, User.id == sql.field_author(s, "duration_minutes"))
        .where(s.programme_id == period.programme_id, s.deleted.is_(False), *period.bounds(s.date))
        .group_by(week, group, diaspora, remote)
    ).all()
    keys = ("sessions", "duration", "silent", "attended", "counted", "minutes")
    return [{"week": sql.as_date(w), "group": g, "diaspora": bool(d), "remote": bool(r),
             **{k: int(v or 0) for k, v in zip(keys, rest)}}
            for w, g, d, r, *rest in rows]


def participant_hours(session, participant_id: str) -> dict:
    """One person's hours present (``minutes`` when recorded, else the session's duration), training and
    mentoring, mentoring split in person / remote and diaspora / local mentor (docs/indicators.md)."""
    a, s = Attendance, TrainingSession
    minutes = func.coalesce(a.minutes, s.duration_minutes)
    mentoring = s.kind.in_(MENTORING_KINDS)
    remote = s.kind == "remote_mentoring"
    diaspora = func.coalesce(User.diaspora, False).is_(True)
    row = session.execute(
        select(_sum_if(~mentoring, minutes), _sum_if(mentoring, minutes), _sum_if(and_(mentoring, ~remote), minutes),
               _sum_if(remote, minutes), _sum_if(and_(mentoring, diaspora), minutes),
               _sum_if(and_(mentoring, s.mentee_ids.is_not(None)), minutes))
        .select_from(a).join(s, s.id == a.session_id)
        .outerjoin(User, User.id == sql.field_author(s, "duration_minutes"))
        .where(a.participant_id == participant_id, a.deleted.is_(False), s.deleted.is_(False),
               a.status.in_(ATTENDED))
    ).one()
    training, total, in_person, remote_minutes, from_diaspora, private = (int(v or 0) for v in row)
    return {"training_hours": training / 60, "mentoring_hours": total / 60,
            "mentoring_hours_in_person": in_person / 60, "mentoring_hours_remote": remote_minutes / 60,
            "mentoring_hours_diaspora": from_diaspora / 60, "mentoring_hours_local": (total - from_diaspora) / 60,
            "mentoring_hours_private": private / 60}


def _row(attended, counted, people, **keys) -> dict:
    return {**keys, "attended": attended, "counted": counted, "people": people,
            "rate": attended / counted if counted else None}


def weekly(session, period: Period, people: bool = False, rolled=None) -> list[dict]:
    """The programme's attendance rate per week (Monday of the ISO week).

    ``people`` adds distinct people per week (a second pass; exports need it for suppression).
    """
    weeks = {}
    for r in rolled if rolled is not None else rollup(session, period):
        if not r["counted"] and not r["attended"]:
            continue
        total = weeks.setdefault(r["week"], [0, 0])
        total[0] += r["attended"]
        total[1] += r["counted"]
    counts = {}
    if people:
        s = TrainingSession
        week = sql.week_start(session, s.date)
        counts = {sql.as_date(w): n for w, n in session.execute(
            select(week, func.count(distinct(Attendance.participant_id)))
            .select_from(Attendance).join(s, s.id == Attendance.session_id)
            .where(Attendance.programme_id == period.programme_id, Attendance.deleted.is_(False),
                   s.deleted.is_(False), *period.bounds(s.date)).group_by(week))}
    return [_row(a, c, counts.get(w), week=w) for w, (a, c) in sorted(weeks.items())]


def _by_cohort_query(period: Period, cohort_ids, *extra):
    a, s = Attendance, TrainingSession
    query = (
        select(a.cohort_id, *extra, _sum_if(a.status.in_(ATTENDED)), _sum_if(a.status != "excused"),
               func.count(distinct(a.participant_id)))
        .select_from(a).join(s, s.id == a.session_id)
        .where(a.programme_id == period.programme_id, a.deleted.is_(False), s.deleted.is_(False),
               a.cohort_id.is_not(None), *period.bounds(s.date))  # a private session's attendance has no cohort
    )
    if cohort_ids is not None:
        query = query.where(a.cohort_id.in_(list(cohort_ids)))
    return query


def by_cohort(session, period: Period, cohort_ids=None) -> list[dict]:
    """Rate per cohort over the whole period (optionally only some cohorts)."""
    rows = session.execute(_by_cohort_query(period, cohort_ids).group_by(Attendance.cohort_id)).all()
    return [_row(a, c, n, cohort_id=cid) for cid, a, c, n in rows]


def by_cohort_week(session, period: Period, cohort_ids=None) -> list[dict]:
    """Rate per cohort and week, ordered by cohort code then week."""
    week = sql.week_start(session, TrainingSession.date)
    query = _by_cohort_query(period, cohort_ids, Cohort.code, week).join(Cohort, Cohort.id == Attendance.cohort_id)
    rows = session.execute(query.group_by(Attendance.cohort_id, Cohort.code, week).order_by(Cohort.code, week))
    return [_row(a, c, n, cohort=code, cohort_id=cid, week=sql.as_date(w)) for cid, code, w, a, c, n in rows]
