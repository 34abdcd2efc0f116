"""Push subscriptions: one per device token, alive while the token is."""
from datetime import datetime, timezone

from sqlalchemy import delete, select

from models import DeviceToken, PushSubscription, User, db


def aware(moment: datetime | None) -> datetime | None:
    """In UTC, whichever way the database handed it back (SQLite: naive, stored as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def live(now: datetime):
    """WHERE clause: the subscription's device token is neither revoked nor expired, its user active."""
    return (DeviceToken.revoked_at.is_(None)) & (DeviceToken.expires_at > now) & (User.active.is_(True))


def live_subscriptions(now: datetime):
    return (select(PushSubscription)
            .join(DeviceToken, DeviceToken.id == PushSubscription.device_token_id)
            .join(User, User.id == PushSubscription.user_id)
            .where(live(now)))


def subscribed_users(now: datetime):
    """A sub-select of the ids of users with at least one live subscription."""
    return (select(PushSubscription.user_id)
            .join(DeviceToken, DeviceToken.id == PushSubscription.device_token_id)
            .join(User, User.id == PushSubscription.user_id)
            .where(live(now)))


def for_delivery(delivery, now: datetime) -> list[PushSubscription]:
    """The live subscriptions a delivery goes to, less those that already took it."""
    query = live_subscriptions(now).where(PushSubscription.user_id == delivery.recipient_id)
    if delivery.device_token_id:
        query = query.where(PushSubscription.device_token_id == delivery.device_token_id)
    done = set(delivery.sent_to or [])
    return [s for s in db.session.scalars(query.order_by(PushSubscription.id)) if s.id not in done]


def remove_dead(now: datetime) -> int:
    """Forget subscriptions of revoked or expired devices (signed out, lost phone)."""
    dead = (select(DeviceToken.id).where((DeviceToken.revoked_at.is_not(None)) | (DeviceToken.expires_at <= now)))
    result = db.session.execute(delete(PushSubscription).where(PushSubscription.device_token_id.in_(dead)))
    return result.rowcount or 0


def save_for_device(device: DeviceToken, data: dict) -> tuple[PushSubscription, bool]:
    """Store this device's subscription, replacing its earlier one; True when new."""
    sub = db.session.scalar(select(PushSubscription).where(PushSubscription.device_token_id == device.id))
    created = sub is None
    # the same browser signed in again: its earlier device token must not get a second copy
    db.session.execute(delete(PushSubscription).where(PushSubscription.endpoint == data["endpoint"],
                                                      PushSubscription.device_token_id != device.id))
    if created:
        sub = PushSubscription(device_token_id=device.id, user_id=device.user_id)
        db.session.add(sub)
    sub.endpoint = data["endpoint"]
    sub.p256dh = data["keys"]["p256dh"]
    sub.auth = data["keys"]["auth"]
    return sub, created


def for_device(device: DeviceToken) -> PushSubscription | None:
    return db.session.scalar(select(PushSubscription).where(PushSubscription.device_token_id == device.id))
