"""Attendance rates: attended (present or late) ÷ marked, excused left out (docs/indicators.md)."""
from sqlalchemy import case, distinct, func, select

from models import Attendance, Cohort, TrainingSession

from . import sql
from .period import ATTENDED, Period


def _rate_columns():
    attended = func.coalesce(func.sum(case((Attendance.status.in_(ATTENDED), 1), else_=0)), 0)
    counted = func.coalesce(func.sum(case((Attendance.status != "excused", 1), else_=0)), 0)
    return attended.label("attended"), counted.label("counted"), func.count(distinct(Attendance.participant_id))


def _base(session, period: Period, *columns):
    s = TrainingSession
    return (
        select(*columns)
        .select_from(Attendance).join(s, s.id == Attendance.session_id)
        .where(Attendance.programme_id == period.programme_id, Attendance.deleted.is_(False),
               s.deleted.is_(False), *period.bounds(s.date))
    )


def _row(attended, counted, people, **keys) -> dict:
    return {**keys, "attended": attended, "counted": counted, "people": people,
            "rate": attended / counted if counted else None}


def weekly(session, period: Period) -> list[dict]:
    """The programme's attendance rate per week (Monday of the ISO week)."""
    week = sql.week_start(session, TrainingSession.date)
    rows = session.execute(_base(session, period, week, *_rate_columns()).group_by(week).order_by(week)).all()
    return [_row(a, c, n, week=sql.as_date(w)) for w, a, c, n in rows]


def by_cohort(session, period: Period, cohort_ids=None) -> list[dict]:
    """Rate per cohort over the whole period (optionally only some cohorts)."""
    query = _base(session, period, Attendance.cohort_id, *_rate_columns())
    if cohort_ids is not None:
        query = query.where(Attendance.cohort_id.in_(list(cohort_ids)))
    rows = session.execute(query.group_by(Attendance.cohort_id)).all()
    return [_row(a, c, n, cohort_id=cid) for cid, a, c, n in rows]


def by_cohort_week(session, period: Period, cohort_ids=None) -> list[dict]:
    """Rate per cohort and week, ordered by cohort code then week."""
    week = sql.week_start(session, TrainingSession.date)
    query = _base(session, period, Cohort.code, Attendance.cohort_id, week, *_rate_columns()) \
        .join(Cohort, Cohort.id == Attendance.cohort_id)
    if cohort_ids is not None:
        query = query.where(Attendance.cohort_id.in_(list(cohort_ids)))
    rows = session.execute(query.group_by(Cohort.code, Attendance.cohort_id, week).order_by(Cohort.code, week))
    return [_row(a, c, n, cohort=code, cohort_id=cid, week=sql.as_date(w)) for code, cid, w, a, c, n in rows]
