"""Data-quality flags: sessions nobody marked, devices gone quiet, conflicts waiting."""
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select

from models import Attendance, Cohort, Conflict, DeviceToken, Membership, Review, TrainingSession, User

from .period import Period

#: a device that has not synced for this many days is flagged (the page lets a coordinator change it)
DEFAULT_STALE_DAYS = 7


def sessions_without_attendance(session, period: Period, today, limit: int = 10, rolled=None) -> dict:
    """Sessions held (dated today or earlier) with no attendance marked at all.

    ``rolled`` (attendance.rollup() for the same ``today``) saves counting them again.
    """
    s = TrainingSession
    marked = exists().where(Attendance.session_id == s.id, Attendance.deleted.is_(False))
    where = [s.programme_id == period.programme_id, s.deleted.is_(False), s.date <= today, ~marked,
             *period.bounds(s.date)]
    if rolled is not None:
        count = sum(r["silent"] for r in rolled)
    else:
        count = session.scalar(select(func.count()).select_from(s).where(*where))
    rows = [] if not count or not limit else session.execute(
        select(s.id, s.date, s.topic, s.kind, Cohort.code, Cohort.id)
        .join(Cohort, Cohort.id == s.cohort_id).where(*where).order_by(s.date.desc()).limit(limit)
    ).all()
    return {"count": count, "items": [
        {"session_id": sid, "date": on, "topic": topic, "kind": kind, "cohort": code, "cohort_id": cid}
        for sid, on, topic, kind, code, cid in rows
    ]}


def stale_devices(session, programme_id: str, now: datetime, days: int = DEFAULT_STALE_DAYS,
                  limit: int = 10) -> dict:
    """Live device tokens of the programme's trainers and mentors not synced for ``days`` days."""
    d = DeviceToken
    cutoff = now - timedelta(days=days)
    member = exists().where(Membership.user_id == d.user_id, Membership.programme_id == programme_id,
                            Membership.role.in_(("trainer", "mentor")))
    where = [member, d.revoked_at.is_(None), d.expires_at > now,
             or_(d.last_sync_at < cutoff, and_(d.last_sync_at.is_(None), d.created_at < cutoff))]
    count = session.scalar(select(func.count()).select_from(d).where(*where))
    rows = session.execute(
        select(User.display_name, d.device_name, d.last_sync_at, d.created_at)
        .join(User, User.id == d.user_id).where(*where)
        .order_by(d.last_sync_at.is_(None).desc(), d.last_sync_at).limit(limit)
    ).all()
    return {"count": count, "days": days, "items": [
        {"user": name, "device": device, "last_sync_at": last, "created_at": created}
        for name, device, last, created in rows
    ]}


def open_conflicts(session, programme_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Conflict).where(
        Conflict.programme_id == programme_id, Conflict.resolved_at.is_(None)))


def flagged_records(session, programme_id: str) -> int:
    """Records whose latest review is a flag."""
    latest = (
        select(Review.record_id, func.max(Review.version).label("version"))
        .where(Review.programme_id == programme_id, Review.deleted.is_(False))
        .group_by(Review.record_id).subquery()
    )
    return session.scalar(
        select(func.count()).select_from(Review)
        .join(latest, and_(latest.c.record_id == Review.record_id, latest.c.version == Review.version))
        .where(Review.status == "flagged")
    )
