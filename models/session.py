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
    writable_fields = ("cohort_id", "date", "start_time", "duration_minutes", "kind", "topic", "notes", "location",
                       "mentee_ids")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    #: None for a private mentoring session (``mentee_ids`` set): it belongs to its mentees, not to a cohort
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    date: Mapped[date] = mapped_column(Date, nullable=False)
    start_time: Mapped[str | None] = mapped_column(String(5))
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    topic: Mapped[str] = mapped_column(String(300), nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    location: Mapped[dict | None] = mapped_column()
    #: the mentees a private mentoring session is held with (docs/sync.md "Private mentoring sessions")
    mentee_ids: Mapped[list | None] = mapped_column()

    cohort = relationship("Cohort")

    @property
    def private(self) -> bool:
        return bool(self.mentee_ids)

    def scope_keys(self):
        if self.mentee_ids:
            # seen by its mentees' mentors and the programme's coordinators, never through a cohort
            return {"programme_id": self.programme_id, "cohort_id": None, "participant_id": self.mentee_ids[0],
                    "mentee_ids": list(self.mentee_ids)}
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": None}
