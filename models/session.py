from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import SyncedMixin
from .db import db, enum_check

SESSION_KINDS = ("training", "on_the_job", "mentoring", "remote_mentoring", "assessment", "other")


class TrainingSession(SyncedMixin, db.Model):
    """A session held with a cohort (wire entity ``session``)."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(enum_check("kind", SESSION_KINDS), name="kind"),
        CheckConstraint("duration_minutes BETWEEN 1 AND 1440", name="duration"),
    )
    entity = "session"
    writable_fields = ("cohort_id", "date", "start_time", "duration_minutes", "kind", "topic", "notes", "location")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id"), nullable=False, index=True)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    start_time: Mapped[str | None] = mapped_column(String(5))
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    topic: Mapped[str] = mapped_column(String(300), nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    location: Mapped[dict | None] = mapped_column()

    cohort = relationship("Cohort")

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": None}
