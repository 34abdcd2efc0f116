from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import SyncedMixin
from .db import db, enum_check

STAFF_ROLES = ("trainer", "mentor")


class Cohort(SyncedMixin, db.Model):
    """A group trained together in one occupation at one site."""

    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)
    entity = "cohort"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    occupation_id: Mapped[str] = mapped_column(ForeignKey("occupations.id"), nullable=False)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    #: how many participants it takes (None: not set)
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: closed from this day: phones record no new sessions in it; its data stays reportable
    closed_on: Mapped[date | None] = mapped_column(Date)

    staff: Mapped[list["CohortStaff"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    def user_ids(self, role: str) -> list[str]:
        return [s.user_id for s in self.staff if s.role == role]

    def _set_staff(self, role: str, user_ids) -> None:
        wanted = list(dict.fromkeys(user_ids or ()))
        self.staff = [s for s in self.staff if s.role != role or s.user_id in wanted] + [
            CohortStaff(user_id=user_id, role=role) for user_id in wanted if user_id not in self.user_ids(role)]

    # the wire's trainer_ids / mentor_ids (api/sync/serialize.py), written by the set-up pages
    trainer_ids = property(lambda self: self.user_ids("trainer"), lambda self, ids: self._set_staff("trainer", ids))
    mentor_ids = property(lambda self: self.user_ids("mentor"), lambda self, ids: self._set_staff("mentor", ids))

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.id, "participant_id": None}


class CohortStaff(db.Model):
    """A trainer or mentor assigned to a cohort."""

    __tablename__ = "cohort_staff"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id", "role"),
        CheckConstraint(enum_check("role", STAFF_ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[str] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
