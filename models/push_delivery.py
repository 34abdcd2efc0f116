from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, enum_check, utcnow

DELIVERY_STATES = ("pending", "sending", "retry", "sent", "failed", "cancelled")


class PushDelivery(db.Model):
    """One notification due to one user: the record that makes sending happen exactly once.

    The unique key (rule, subject, recipient, day) is claimed before anything is
    sent, so a second run, or two runs at once, never send it again. ``sent_to``
    lists the subscriptions that already accepted it, so a retry after a partial
    failure reaches only the devices that missed it. ``detail`` holds counts for
    digests, never personal data.
    """

    __tablename__ = "push_deliveries"
    __table_args__ = (
        UniqueConstraint("rule", "subject_id", "recipient_id", "day", name="uq_push_deliveries_key"),
        CheckConstraint(enum_check("state", DELIVERY_STATES), name="state"),
        Index("ix_push_deliveries_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(30), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(36), nullable=False)
    recipient_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    #: only this device's subscription (the "not synced" reminder goes to the phone itself)
    device_token_id: Mapped[str | None] = mapped_column(ForeignKey("device_tokens.id", ondelete="CASCADE"))
    detail: Mapped[dict] = mapped_column(nullable=False, default=dict)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: a run holds a claimed delivery until then; a run that died leaves it to the next one
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_to: Mapped[list] = mapped_column(nullable=False, default=list)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
