from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, utcnow


class NotificationPrefs(db.Model):
    """A user's push notification switches (one row per user, made on first change).

    ``rules`` maps a rule name to on/off; a rule missing from it is on. The
    time zone comes from the user's browser so that "the evening before" and
    "due today" mean the user's evening and the user's today.
    """

    __tablename__ = "notification_prefs"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    rules: Mapped[dict] = mapped_column(nullable=False, default=dict)
    stale_sync_days: Mapped[int | None] = mapped_column(Integer)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow,
                                                 onupdate=utcnow)
