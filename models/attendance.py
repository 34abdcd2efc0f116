import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db, enum_check

ATTENDANCE_STATUSES = ("present", "late", "absent", "excused")
#: SYNC.md rule 7: attendance ids are UUIDv5 of "<session_id>:<participant_id>" here
ATTENDANCE_NAMESPACE = uuid.UUID("6f1c2a9e-3b4d-5e6f-8a7b-9c0d1e2f3a4b")


def attendance_id(session_id: str, participant_id: str) -> str:
    return str(uuid.uuid5(ATTENDANCE_NAMESPACE, f"{session_id}:{participant_id}"))


class Attendance(SyncedMixin, db.Model):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        CheckConstraint(enum_check("status", ATTENDANCE_STATUSES), name="status"),
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 0 AND 1440", name="minutes"),
    )
    entity = "attendance"
    writable_fields = ("session_id", "participant_id", "status", "minutes", "note")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    #: the session's cohort; None for a private mentoring session's attendance
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), nullable=False, index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(500))

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.participant_id}
