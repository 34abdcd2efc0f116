"""`flask push send-due`: record what is due, then send each record exactly once.

1. Rules (rules.py) say what is due; each becomes a PushDelivery row keyed by
   (rule, subject, recipient, day). Inserting a key that exists does nothing,
   so a notification is recorded once however often the timer runs.
2. A run claims a row with a conditional UPDATE before sending (two runs at once
   never both get it), sends to the recipient's live subscriptions, and records
   the outcome. A row is sent, retried later with backoff, failed, or cancelled
   (its reason went away: the session was deleted, the goal done, the phone synced).
A run that dies mid-send leaves its claim to expire (PUSH_LEASE_MINUTES); the next
run then sends to the subscriptions not yet in ``sent_to``. Only a crash between
a push service's 201 and our commit can repeat a notification.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import requests
from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from models import PushDelivery, User, db, utcnow

from . import sender
from .prefs import prefs_for
from .render import render
from .rules import find_due
from .settings import setting
from .subscriptions import for_delivery, remove_dead
from .vapid import load_keys

#: per rule: how long a push service keeps it for an offline phone, how urgent, which earlier one it replaces
OPTIONS = {
    "session_reminder": sender.PushOptions(ttl=12 * 3600, urgency="normal"),
    "stale_device": sender.PushOptions(ttl=24 * 3600, urgency="normal", topic="sync"),
    "goal_due": sender.PushOptions(ttl=24 * 3600, urgency="normal"),
    "review_queue": sender.PushOptions(ttl=24 * 3600, urgency="low", topic="review"),
    "mentee_assessment": sender.PushOptions(ttl=48 * 3600, urgency="low"),
}


@dataclass
class Summary:
    found: int = 0
    recorded: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    cancelled: int = 0
    held: int = 0
    gone: int = 0
    dead_removed: int = 0
    errors: list = field(default_factory=list)

    def count(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    def line(self) -> str:
        return (f"due {self.found}, newly recorded {self.recorded}; sent {self.sent}, to retry {self.retry}, "
                f"failed {self.failed}, cancelled {self.cancelled}, held till morning {self.held}; subscriptions gone {self.gone}, "
                f"of signed-out devices removed {self.dead_removed}")


def _insert_ignoring_duplicates(rows: list[dict]) -> int:
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(PushDelivery).values(rows).on_conflict_do_nothing(
        index_elements=["rule", "subject_id", "recipient_id", "day"]).returning(PushDelivery.id)
    return len(db.session.execute(statement).all())


def record_due(now: datetime) -> tuple[int, int]:
    """Add a PushDelivery for each due notification not recorded before: (found, newly recorded)."""
    found = find_due(now)
    recorded = 0
    rows = [{"rule": d.rule, "subject_id": d.subject_id, "recipient_id": d.recipient_id, "day": d.day,
             "device_token_id": d.device_token_id, "detail": d.detail, "state": "pending", "attempts": 0,
             "sent_to": [], "created_at": now} for d in found]
    for start in range(0, len(rows), 200):
        recorded += _insert_ignoring_duplicates(rows[start:start + 200])
    db.session.commit()
    return len(found), recorded


def _claimable(now: datetime):
    waiting = and_(PushDelivery.state.in_(("pending", "retry")),
                   or_(PushDelivery.next_attempt_at.is_(None), PushDelivery.next_attempt_at <= now))
    abandoned = and_(PushDelivery.state == "sending", PushDelivery.lease_until < now)
    return or_(waiting, abandoned)


def _claim(delivery_id: int, now: datetime) -> bool:
    result = db.session.execute(
        update(PushDelivery).where(PushDelivery.id == delivery_id, _claimable(now))
        .values(state="sending", lease_until=now + timedelta(minutes=setting("PUSH_LEASE_MINUTES")))
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _finish(delivery: PushDelivery, state: str, now: datetime, error: str | None = None) -> None:
    delivery.state = state
    delivery.lease_until = None
    delivery.last_error = error
    if state == "sent":
        delivery.sent_at = now
    elif state == "retry":
        delivery.next_attempt_at = now + timedelta(
            minutes=setting("PUSH_RETRY_LATER_MINUTES") * 2 ** max(0, delivery.attempts - 1))


def _morning_after_quiet_hours(prefs, now: datetime) -> datetime | None:
    """None in the recipient's day hours; else when they start (a retry never wakes anyone)."""
    start, end = setting("PUSH_DAY_HOURS")
    local = prefs.local(now)
    if start <= local.hour < end:
        return None
    morning = local.replace(hour=start, minute=0, second=0, microsecond=0)
    if local.hour >= end:
        morning += timedelta(days=1)
    return morning.astimezone(timezone.utc)


def deliver(delivery: PushDelivery, keys, http, now: datetime, summary: Summary) -> str:
    """Send one claimed delivery to every live subscription that has not had it; returns its new state."""
    user = db.session.get(User, delivery.recipient_id)
    prefs = prefs_for([user.id])[user.id] if user is not None else None
    wanted = user is not None and user.active and prefs.enabled(delivery.rule)
    morning = _morning_after_quiet_hours(prefs, now) if wanted else None
    if morning is not None:
        delivery.state, delivery.lease_until, delivery.next_attempt_at = "retry", None, morning
        return "held"
    payload = render(delivery, user, prefs.local(now).date()) if wanted else None
    subscriptions = for_delivery(delivery, now) if payload else []
    if not subscriptions:
        _finish(delivery, "cancelled", now, None if payload else "no longer due")
        return delivery.state
    delivery.attempts += 1
    options = OPTIONS[delivery.rule]
    sent_to, errors, transient = list(delivery.sent_to or []), [], False
    for subscription in subscriptions:
        result = sender.send(subscription, payload, keys, options, http=http)
        if result.outcome == "sent":
            sent_to.append(subscription.id)
        elif result.outcome == "gone":
            summary.gone += 1
            db.session.delete(subscription)
        else:
            transient |= result.outcome == "retry"
            errors.append(f"subscription {subscription.id}: {result.error}")
    delivery.sent_to = sent_to
    error = "; ".join(errors)[:2000] or None
    if transient and delivery.attempts < setting("PUSH_MAX_ATTEMPTS"):
        _finish(delivery, "retry", now, error)
    elif sent_to and not errors:
        _finish(delivery, "sent", now)
    elif sent_to:
        _finish(delivery, "sent", now, error)  # reached some devices; the others failed for good
    elif errors:
        _finish(delivery, "failed", now, error)
    else:
        _finish(delivery, "cancelled", now, "every subscription was gone")
    return delivery.state


def send_due(now: datetime | None = None) -> Summary:
    """One run: forget dead subscriptions, record what is due, send what is claimable. Never raises
    for one bad delivery; the summary counts what happened."""
    now = now or utcnow()
    summary = Summary()
    summary.dead_removed = remove_dead(now)
    db.session.commit()
    summary.found, summary.recorded = record_due(now)
    keys = load_keys(current_app)
    ids = db.session.scalars(select(PushDelivery.id).where(_claimable(now)).order_by(PushDelivery.id)).all()
    with requests.Session() as http:
        for delivery_id in ids:
            if not _claim(delivery_id, now):
                continue  # another run took it
            try:
                delivery = db.session.get(PushDelivery, delivery_id, populate_existing=True)
                state = deliver(delivery, keys, http, now, summary)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 — one bad delivery must not end the run
                db.session.rollback()
                current_app.logger.exception("push delivery %s failed", delivery_id)
                summary.errors.append(f"{delivery_id}: {type(exc).__name__}")
                state = _release_after_error(delivery_id, now, exc)
            summary.count(state)
    return summary


def _release_after_error(delivery_id: int, now: datetime, exc: Exception) -> str:
    """Put a delivery whose sending raised back in the queue (or fail it after the last attempt)."""
    state = "retry"
    try:
        delivery = db.session.get(PushDelivery, delivery_id, populate_existing=True)
        delivery.attempts += 1
        state = "retry" if delivery.attempts < setting("PUSH_MAX_ATTEMPTS") else "failed"
        _finish(delivery, state, now, f"{type(exc).__name__}: {exc}"[:2000])
        db.session.commit()
    except Exception:  # noqa: BLE001 — the lease expires and a later run takes it up
        db.session.rollback()
        current_app.logger.exception("could not record the failure of push delivery %s", delivery_id)
    return state
