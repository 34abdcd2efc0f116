"""The review feed: the programme's synced records, newest change first, one keyset page at a time.

The change log holds one row per record with its programme, cohort and
participant and the server sequence, so a page is an index range scan on
(programme_id, seq) however many records there are.
"""
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import and_, exists, or_, select

from models import SYNCED_MODELS, ChangeLog, Cohort, Review

from .describe import FEED_ENTITIES

PAGE_SIZE = 50


def _latest_status():
    return (select(Review.status)
            .where(Review.record_id == ChangeLog.record_id, Review.record_entity == ChangeLog.entity,
                   Review.deleted.is_(False))
            .order_by(Review.version.desc()).limit(1).scalar_subquery())


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def feed_query(programme_id: str, f: dict):
    """SELECT (seq, entity, record_id, at) of the feed for validated filters ``f``."""
    log = ChangeLog
    query = select(log.seq, log.entity, log.record_id, log.at).where(
        log.programme_id == programme_id, log.op != "moved", log.entity.in_(FEED_ENTITIES))
    if f.get("entity"):
        query = query.where(log.entity == f["entity"])
    if f.get("cohort"):
        query = query.where(log.cohort_id == f["cohort"])
    if f.get("site"):
        query = query.where(log.cohort_id.in_(select(Cohort.id).where(Cohort.site_id == f["site"])))
    if f.get("participant"):
        query = query.where(log.participant_id == f["participant"])
    if f.get("date_from"):
        query = query.where(log.at >= _day_start(f["date_from"]))
    if f.get("date_to"):
        query = query.where(log.at < _day_start(f["date_to"] + timedelta(days=1)))
    if f.get("recorded_by"):
        entities = (f["entity"],) if f.get("entity") else FEED_ENTITIES
        query = query.where(or_(*(
            and_(log.entity == e, log.record_id.in_(
                select(SYNCED_MODELS[e].id).where(SYNCED_MODELS[e].updated_by_id == f["recorded_by"])))
            for e in entities
        )))
    state = f.get("state")
    if state == "unreviewed":
        query = query.where(~exists().where(Review.record_entity == log.entity, Review.record_id == log.record_id,
                                            Review.deleted.is_(False)))
    elif state in ("approved", "flagged"):
        # the few records ever given this state first, then whether it is still their latest
        ever = select(Review.record_id).where(Review.programme_id == programme_id, Review.status == state,
                                              Review.deleted.is_(False))
        query = query.where(log.record_id.in_(ever), _latest_status() == state)
    if f.get("before"):
        query = query.where(log.seq < f["before"])
    return query.order_by(log.seq.desc())


def feed_page(session, programme_id: str, f: dict, size: int = PAGE_SIZE):
    """(rows, next_before): one page and the cursor of the next, None on the last page."""
    rows = session.execute(feed_query(programme_id, f).limit(size + 1)).all()
    next_before = rows[size - 1].seq if len(rows) > size else None
    return rows[:size], next_before
