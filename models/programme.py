from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db


class Programme(SyncedMixin, db.Model):
    """A funded programme (Ključ D4D, İzmir Meslek Fabrikası, Jobb Centrum Nord…).

    ``targets`` holds the donor's targets, e.g. ``{"participants": 120,
    "women": 60, "jobs": 30, "training_hours": 4000}``.
    """

    __tablename__ = "programmes"
    entity = "programme"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    donor: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    default_locale: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    targets: Mapped[dict] = mapped_column(nullable=False, default=dict)
    #: rubric level from which a participant counts as competent in a skill
    competent_level: Mapped[int] = mapped_column(Integer, nullable=False, default=3)

    def scope_keys(self):
        return {"programme_id": self.id, "cohort_id": None, "participant_id": None}
