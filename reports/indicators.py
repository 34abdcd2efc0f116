"""The dashboard's numbers for one programme, each an SQL aggregate (definitions: docs/indicators.md)."""
from sqlalchemy import and_, case, distinct, func, not_, or_, select

from models import (GENDERS, TARGET_GROUPS, Assessment, Attendance, Occupation, Outcome, Participant, Skill,
                    TrainingSession, User)

from . import sql
from .period import AGE_BANDS, ATTENDED, JOB_KINDS, MENTORING_KINDS, TRAINING_KINDS, Period


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _sum_if(condition, value):
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def enrolment(session, period: Period) -> dict:
    """Unique participants (people, not attendances) by gender, age band and target group."""
    p = Participant
    age = sql.age_in_years(period.age_reference, p.birth_year)
    columns = [func.count().label("total")]
    columns += [_count_if(p.gender == g).label(f"gender_{g}") for g in GENDERS]
    for key, low, high in AGE_BANDS:
        bounds = [c for c in ((age >= low) if low is not None else None,
                              (age <= high) if high is not None else None) if c is not None]
        columns.append(_count_if(and_(*bounds)).label(f"age_{key}"))
    columns += [_count_if(sql.json_list_contains(p.target_groups, t)).label(f"group_{t}") for t in TARGET_GROUPS]
    where = [p.programme_id == period.programme_id, p.deleted.is_(False)]
    if period.end is not None:
        where.append(p.enrolled_on <= period.end)
    if period.start is not None:
        where.append(or_(p.exited_on.is_(None), p.exited_on >= period.start))
    row = session.execute(select(*columns).where(*where)).one()._mapping
    attending = session.scalar(
        select(func.count(distinct(Attendance.participant_id)))
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(Attendance.programme_id == period.programme_id, Attendance.deleted.is_(False),
               Attendance.status.in_(ATTENDED), TrainingSession.deleted.is_(False),
               *period.bounds(TrainingSession.date))
    )
    return {
        "total": row["total"],
        "attended_at_least_once": attending or 0,
        "gender": {g: row[f"gender_{g}"] for g in GENDERS},
        "age_band": {key: row[f"age_{key}"] for key, _, _ in AGE_BANDS},
        "target_group": {t: row[f"group_{t}"] for t in TARGET_GROUPS},
    }


def hours(session, period: Period) -> dict:
    """Hours delivered (session durations) and hours received (people × time present).

    Mentoring hours are split by whether the mentor who recorded the session's
    duration is from the diaspora (User.diaspora).
    """
    s = TrainingSession
    author = sql.field_author(s, "duration_minutes")
    training, mentoring = s.kind.in_(TRAINING_KINDS), s.kind.in_(MENTORING_KINDS)
    diaspora = func.coalesce(User.diaspora, False).is_(True)
    delivered = session.execute(
        select(
            _sum_if(training, s.duration_minutes).label("training"),
            _sum_if(and_(mentoring, diaspora), s.duration_minutes).label("mentoring_diaspora"),
            _sum_if(and_(mentoring, not_(diaspora)), s.duration_minutes).label("mentoring_local"),
            _count_if(training).label("training_sessions"),
            _count_if(mentoring).label("mentoring_sessions"),
        )
        .select_from(s).outerjoin(User, User.id == author)
        .where(s.programme_id == period.programme_id, s.deleted.is_(False), *period.bounds(s.date))
    ).one()._mapping
    minutes = func.coalesce(Attendance.minutes, s.duration_minutes)
    received = session.execute(
        select(_sum_if(training, minutes).label("training"), _sum_if(mentoring, minutes).label("mentoring"))
        .select_from(Attendance).join(s, s.id == Attendance.session_id)
        .where(Attendance.programme_id == period.programme_id, Attendance.deleted.is_(False),
               Attendance.status.in_(ATTENDED), s.deleted.is_(False), *period.bounds(s.date))
    ).one()._mapping
    return {
        "training_hours": delivered["training"] / 60,
        "training_sessions": delivered["training_sessions"],
        "mentoring_hours": (delivered["mentoring_diaspora"] + delivered["mentoring_local"]) / 60,
        "mentoring_hours_diaspora": delivered["mentoring_diaspora"] / 60,
        "mentoring_hours_local": delivered["mentoring_local"] / 60,
        "mentoring_sessions": delivered["mentoring_sessions"],
        "participant_training_hours": received["training"] / 60,
        "participant_mentoring_hours": received["mentoring"] / 60,
    }


def skills(session, period: Period, competent_level: int) -> list[dict]:
    """Per skill: people assessed, people who reached ``competent_level`` at least once, the share."""
    a = Assessment
    best = (
        select(a.participant_id, a.skill_id, func.max(a.level).label("best"))
        .where(a.programme_id == period.programme_id, a.deleted.is_(False), *period.bounds(a.assessed_on))
        .group_by(a.participant_id, a.skill_id)
        .subquery()
    )
    rows = session.execute(
        select(Skill.id, Skill.name, Occupation.name, func.count(), _count_if(best.c.best >= competent_level))
        .join(Skill, Skill.id == best.c.skill_id).join(Occupation, Occupation.id == Skill.occupation_id)
        .group_by(Skill.id, Skill.name, Occupation.name, Skill.position)
        .order_by(Occupation.name, Skill.position)
    ).all()
    return [
        {"skill_id": sid, "skill": name, "occupation": occupation, "assessed": n, "competent": k,
         "share": k / n if n else None}
        for sid, name, occupation, n, k in rows
    ]


def outcomes(session, period: Period) -> dict:
    """Jobs (employed or self-employed), verified or not, and days from enrolment to the first job."""
    o = Outcome
    where = [o.programme_id == period.programme_id, o.deleted.is_(False), *period.bounds(o.started_on)]
    job = o.kind.in_(JOB_KINDS)
    totals = session.execute(
        select(_count_if(job).label("jobs"), _count_if(and_(job, o.verified.is_(True))).label("verified"),
               func.count(distinct(case((job, o.participant_id)))).label("people"))
        .where(*where)
    ).one()._mapping
    by_kind = dict(session.execute(select(o.kind, func.count()).where(*where).group_by(o.kind)).all())
    first = (
        select(o.participant_id, func.min(o.started_on).label("first_job"))
        .where(*where, job).group_by(o.participant_id).subquery()
    )
    days = sql.days_between(session, first.c.first_job, Participant.enrolled_on).label("days")
    spread = _spread(session, select(days).select_from(first)
                     .join(Participant, Participant.id == first.c.participant_id).subquery())
    return {
        "jobs": totals["jobs"],
        "verified": totals["verified"],
        "unverified": totals["jobs"] - totals["verified"],
        "people_with_job": totals["people"],
        "by_kind": by_kind,
        "days_to_job": spread,
    }


def _spread(session, days) -> dict:
    """Count, mean, median, min and max of a one-column subquery ``days``, in SQL."""
    n, mean, low, high = session.execute(
        select(func.count(), func.avg(days.c.days), func.min(days.c.days), func.max(days.c.days))
    ).one()
    median = None
    if n:
        middle = session.scalars(
            select(days.c.days).order_by(days.c.days).offset((n - 1) // 2).limit(2 - n % 2)
        ).all()
        median = sum(middle) / len(middle)
    return {"count": n, "mean": float(mean) if mean is not None else None, "median": median,
            "min": low, "max": high}
