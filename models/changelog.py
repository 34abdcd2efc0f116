from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, utcnow


class ChangeLog(db.Model):
    """The server's order of changes: one row per change of a synced record.

    ``seq`` is the version handed to clients and the pull cursor. The scope
    columns copy the record's programme/cohort/participant at the time of the
    change so that a pull is an index range scan, never a table scan. A row
    with ``op = 'moved'`` keeps the scope a record left, so devices that lose
    sight of it receive an ``evict``.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_programme_seq", "programme_id", "seq"),
        Index("ix_change_log_cohort_seq", "cohort_id", "seq"),
        Index("ix_change_log_participant_seq", "participant_id", "seq"),
        Index("ix_change_log_record", "entity", "record_id"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    entity: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    op: Mapped[str] = mapped_column(String(10), nullable=False)
    programme_id: Mapped[str | None] = mapped_column(String(36))
    cohort_id: Mapped[str | None] = mapped_column(String(36))
    participant_id: Mapped[str | None] = mapped_column(String(36))
    request_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class AppliedMutation(db.Model):
    """The answer given to each mutation_id, so a replay answers ``duplicate``.

    Keyed by the user and device that sent it: a mutation_id is unique only on the phone
    that made it, so another user's or device's change with the same id is judged on its own
    merits, never taken for a replay (docs/sync.md "Idempotence").
    """

    __tablename__ = "applied_mutations"
    __table_args__ = (PrimaryKeyConstraint("user_id", "device_id", "mutation_id"),)

    mutation_id: Mapped[str] = mapped_column(String(36), nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    user_id: Mapped[str] = mapped_column(String(36), nullable=False)
    entity: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False)
    version: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
