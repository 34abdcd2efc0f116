from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import db, new_id, utcnow


class DeviceToken(db.Model):
    """A bearer token of one device. Only the SHA-256 of the token is stored.

    Tokens are long-lived on purpose so that a trainer can work offline for
    weeks (see README "Security"); they are revocable one by one or per user.

    A device is a (user_id, device_id) pair: a phone shared by two users has one
    device record per user, and one user's token never renames or revokes another's.
    """

    __tablename__ = "device_tokens"
    __table_args__ = (Index("ix_device_tokens_user_device", "user_id", "device_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    device_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the browser's User-Agent at sign-in and at the last sync (the devices page shows the phone model)
    user_agent: Mapped[str] = mapped_column(String(400), nullable=False, default="", server_default="")
    #: what the phone reported at its last sync (optional ``unsynced`` of the sync request): None: never reported
    unsynced_count: Mapped[int | None] = mapped_column(Integer)
    unsynced_oldest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("User")


class PushSubscription(db.Model):
    """A Web Push subscription, one per device token."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    device_token_id: Mapped[str] = mapped_column(
        ForeignKey("device_tokens.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    endpoint: Mapped[str] = mapped_column(Text, nullable=False)
    p256dh: Mapped[str] = mapped_column(String(200), nullable=False)
    auth: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
