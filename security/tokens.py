"""Device bearer tokens: random, stored as SHA-256, one per device, revocable."""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from models import DeviceToken, db, utcnow

#: last_used_at is written at most this often, not on every request
_TOUCH_INTERVAL = timedelta(minutes=10)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user, device_id: str, device_name: str, lifetime_days: int,
                user_agent: str = "") -> tuple[str, DeviceToken]:
    """Make a new token for this device, revoking the device's earlier ones."""
    now = utcnow()
    db.session.execute(
        update(DeviceToken)
        .where(DeviceToken.user_id == user.id, DeviceToken.device_id == device_id, DeviceToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    record = DeviceToken(
        user_id=user.id,
        device_id=device_id,
        device_name=device_name or "",
        user_agent=(user_agent or "")[:400],
        token_hash=_digest(token),
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
        last_used_at=now,
    )
    db.session.add(record)
    return token, record


def find_token(token: str) -> DeviceToken | None:
    """The live token record for a bearer token, or None if unknown, expired or revoked."""
    record = db.session.scalar(select(DeviceToken).where(DeviceToken.token_hash == _digest(token)))
    if record is None or record.revoked_at is not None:
        return None
    now = utcnow()
    if _aware(record.expires_at) <= now or not record.user.is_active:
        return None
    if record.last_used_at is None or _aware(record.last_used_at) < now - _TOUCH_INTERVAL:
        record.last_used_at = now
        db.session.commit()
    return record


#: why a bearer token is refused (the 401 body's ``reason``, docs/sync.md "Signed out")
REVOKED, DEACTIVATED, EXPIRED, UNKNOWN = "revoked", "deactivated", "expired", "unknown"


def refusal_reason(token: str | None) -> str:
    """Why ``find_token`` refused this token: the phone wipes personal data only for a sign-out it
    did not ask for (revoked by a coordinator, or its user deactivated), never for an expired one."""
    record = db.session.scalar(select(DeviceToken).where(DeviceToken.token_hash == _digest(token))) if token else None
    if record is None:
        return UNKNOWN
    if not record.user.is_active:
        return DEACTIVATED
    if record.revoked_at is not None:
        return REVOKED
    return EXPIRED


def revoke_token(record: DeviceToken) -> None:
    record.revoked_at = utcnow()


def revoke_user_devices(user_id: str) -> int:
    result = db.session.execute(
        update(DeviceToken)
        .where(DeviceToken.user_id == user_id, DeviceToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def _aware(moment):
    """SQLite hands datetimes back naive; they were stored as UTC."""
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
