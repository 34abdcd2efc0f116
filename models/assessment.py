from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db


class Assessment(SyncedMixin, db.Model):
    """A level reached in one skill on one day; earlier rows are the history."""

    __tablename__ = "assessments"
    __table_args__ = (CheckConstraint("level BETWEEN 0 AND 10", name="level"),)
    entity = "assessment"
    writable_fields = ("participant_id", "skill_id", "level", "assessed_on", "session_id", "note")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), nullable=False, index=True)
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id"), nullable=False)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    assessed_on: Mapped[date] = mapped_column(Date, nullable=False)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"))
    note: Mapped[str | None] = mapped_column(String(1000))
    assessor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.participant_id}
