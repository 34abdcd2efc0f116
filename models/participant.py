from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db, enum_check

GENDERS = ("female", "male", "other", "undisclosed")
TARGET_GROUPS = ("neet", "refugee", "returnee", "idp", "long_term_unemployed", "roma", "disability", "minority")


class Participant(SyncedMixin, db.Model):
    """A trainee or mentee. Personal data: every read and write is audited."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("programme_id", "code"),
        CheckConstraint(enum_check("gender", GENDERS), name="gender"),
        CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year"),
    )
    entity = "participant"
    writable_fields = (
        "programme_id", "cohort_id", "code", "given_name", "family_name", "gender", "birth_year",
        "target_groups", "consent_on", "enrolled_on", "exited_on", "exit_reason",
    )

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    given_name: Mapped[str] = mapped_column(String(120), nullable=False)
    family_name: Mapped[str] = mapped_column(String(120), nullable=False)
    gender: Mapped[str] = mapped_column(String(12), nullable=False)
    birth_year: Mapped[int] = mapped_column(Integer, nullable=False)
    target_groups: Mapped[list] = mapped_column(nullable=False, default=list)
    consent_on: Mapped[date] = mapped_column(Date, nullable=False)
    enrolled_on: Mapped[date] = mapped_column(Date, nullable=False)
    exited_on: Mapped[date | None] = mapped_column(Date)
    exit_reason: Mapped[str | None] = mapped_column(String(200))
    #: when the person's data was erased on request (api/sync/erasure.py); their personal fields are then
    #: locked. Set by the server only; travels as the optional wire field ``erased_at``.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def full_name(self) -> str:
        """The name; an erased person is shown by their pseudonymous code."""
        return self.code if self.erased_at is not None else f"{self.given_name} {self.family_name}"

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.id}
