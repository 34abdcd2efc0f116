from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, enum_check, utcnow

REVIEW_STATUSES = ("approved", "flagged")
CONFLICT_KINDS = ("field", "deleted")


class Conflict(db.Model):
    """A change that lost to, or overwrote, a concurrent value (SYNC.md rule 5/6).

    ``kept_*`` is what the server holds after the merge, ``other_*`` the value
    that did not win; a coordinator resolves by picking one or writing another.
    """

    __tablename__ = "conflicts"
    __table_args__ = (CheckConstraint(enum_check("kind", CONFLICT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="field")
    entity: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    programme_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    field: Mapped[str | None] = mapped_column(String(60))
    kept_value: Mapped[dict | list | str | int | float | bool | None] = mapped_column(db.JSON)
    kept_hlc: Mapped[str | None] = mapped_column(String(80))
    kept_by_id: Mapped[str | None] = mapped_column(String(36))
    other_value: Mapped[dict | list | str | int | float | bool | None] = mapped_column(db.JSON)
    other_hlc: Mapped[str | None] = mapped_column(String(80))
    other_by_id: Mapped[str | None] = mapped_column(String(36))
    mutation_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[dict | list | str | int | float | bool | None] = mapped_column(db.JSON)


class Review(db.Model):
    """A coordinator's approval or flag of a synced record, with a comment."""

    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint(enum_check("status", REVIEW_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    programme_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
