from datetime import date

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db


class HandoverNote(SyncedMixin, db.Model):
    """One dated entry of a mentee's handover notes (wire entity ``handover_note``): what was agreed on a
    visit, for the next mentor. Entries are added one at a time, so two mentors never overwrite each
    other's text; shown newest first."""

    __tablename__ = "handover_notes"
    entity = "handover_note"
    writable_fields = ("participant_id", "goal_id", "written_on", "note")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), nullable=False, index=True)
    #: the goal the entry is about, if any
    goal_id: Mapped[str | None] = mapped_column(ForeignKey("mentoring_goals.id"), index=True)
    written_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.participant_id}
