"""The dashboard's numbers for one programme, each an SQL aggregate (definitions: docs/indicators.md)."""
from sqlalchemy import and_, case, distinct, exists, func, or_, select

from models import (GENDERS, TARGET_GROUPS, Assessment, Attendance, Occupation, Outcome, Participant, Skill,
                    TrainingSession)

from . import attendance, sql
from .period import AGE_BANDS, ATTENDED, JOB_KINDS, Period


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
    came = exists().where(Attendance.participant_id == p.id, Attendance.deleted.is_(False),
                          Attendance.status.in_(ATTENDED))
    if period.start is not None or period.end is not None:
        came = came.where(TrainingSession.id == Attendance.session_id, TrainingSession.deleted.is_(False),
                          *period.bounds(TrainingSession.date))
    attending = session.scalar(select(func.count()).select_from(p).where(
        p.programme_id == period.programme_id, p.deleted.is_(False), came))
    return {
        "total": row["total"],
        "attended_at_least_once": attending or 0,
        "gender": {g: row[f"gender_{g}"] for g in GENDERS},
        "age_band": {key: row[f"age_{key}"] for key, _, _ in AGE_BANDS},
        "target_group": {t: row[f"group_{t}"] for t in TARGET_GROUPS},
    }


def hours(session, period: Period, rolled=None) -> dict:
    """Hours delivered (session durations) and hours received (people × time present).

    Mentoring hours are split by whether the mentor who recorded the session's
    duration is from the diaspora (User.diaspora), and by in person / remote; so are the
    mentees' mentoring hours. All from attendance.rollup() (pass ``rolled`` when the caller
    has it already).
    """
    minutes = {"training": 0, "mentoring_diaspora": 0, "mentoring_local": 0, "training_sessions": 0,
               "mentoring_sessions": 0, "received_training": 0, "received_mentoring": 0,
               "mentoring_in_person": 0, "mentoring_remote": 0, "received_in_person": 0, "received_remote": 0,
               "received_diaspora": 0, "received_local": 0}
    for r in rolled if rolled is not None else attendance.rollup(session, period):
        if r["group"] == "training":
            minutes["training"] += r["duration"]
        else:
            minutes["mentoring_diaspora" if r["diaspora"] else "mentoring_local"] += r["duration"]
            minutes["mentoring_remote" if r.get("remote") else "mentoring_in_person"] += r["duration"]
            minutes["received_remote" if r.get("remote") else "received_in_person"] += r["minutes"]
            minutes["received_diaspora" if r["diaspora"] else "received_local"] += r["minutes"]
        minutes[f"{r['group']}_sessions"] += r["sessions"]
        minutes[f"received_{r['group']}"] += r["minutes"]
    return {
        "training_hours": minutes["training"] / 60,
        "training_sessions": minutes["training_sessions"],
        "mentoring_hours": (minutes["mentoring_diaspora"] + minutes["mentoring_local"]) / 60,
        "mentoring_hours_diaspora": minutes["mentoring_diaspora"] / 60,
        "mentoring_hours_local": minutes["mentoring_local"] / 60,
        "mentoring_sessions": minutes["mentoring_sessions"],
        "participant_training_hours": minutes["received_training"] / 60,
        "participant_mentoring_hours": minutes["received_mentoring"] / 60,
        "mentoring_hours_in_person": minutes["mentoring_in_person"] / 60,
        "mentoring_hours_remote": minutes["mentoring_remote"] / 60,
        "participant_mentoring_hours_in_person": minutes["received_in_person"] / 60,
        "participant_mentoring_hours_remote": minutes["received_remote"] / 60,
        "participant_mentoring_hours_diaspora": minutes["received_diaspora"] / 60,
        "participant_mentoring_hours_local": minutes["received_local"] / 60,
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
