from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db, enum_check, utcnow

REVIEW_STATUSES = ("approved", "flagged")
CONFLICT_KINDS = ("field", "deleted")


class Conflict(db.Model):
    """A change that lost to, or overwrote, a concurrent value (SYNC.md rule 5/6).

    ``kept_*`` is what the server holds after the merge, ``other_*`` the value
    that did not win; a coordinator resolves by picking one or writing another.
    """

    __tablename__ = "conflicts"
    __table_args__ = (
        CheckConstraint(enum_check("kind", CONFLICT_KINDS), name="kind"),
        Index("ix_conflicts_programme_open", "programme_id", "resolved_at", "id"),
    )

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


class Review(SyncedMixin, db.Model):
    """A coordinator's approval or flag of a synced record, with a comment.

    A synced, read-only entity (wire name ``review``): it carries the reviewed
    record's scope keys, so the next pull of every device that sees the record
    (the recording device among them) delivers the note. ``recorded_by_id`` and
    ``recorded_device_id`` name who wrote the reviewed version and on which
    device, so the phone can show "a coordinator flagged your entry".
    """

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(enum_check("status", REVIEW_STATUSES), name="status"),
        Index("ix_reviews_record", "record_entity", "record_id"),
        Index("ix_reviews_programme_status", "programme_id", "status"),
    )
    entity = "review"

    record_entity: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    record_version: Mapped[int | None] = mapped_column(BigInteger)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False)
    cohort_id: Mapped[str | None] = mapped_column(String(36), index=True)
    participant_id: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[str | None] = mapped_column(String(36))
    recorded_device_id: Mapped[str | None] = mapped_column(String(36))

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.participant_id}
