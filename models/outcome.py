from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db, enum_check

OUTCOME_KINDS = ("employed", "self_employed", "further_training", "other")
CONTRACTS = ("permanent", "fixed_term", "apprenticeship", "other")


class Outcome(SyncedMixin, db.Model):
    """What a participant went on to: a job, self-employment, more training."""

    __tablename__ = "outcomes"
    __table_args__ = (
        CheckConstraint(enum_check("kind", OUTCOME_KINDS), name="kind"),
        CheckConstraint(enum_check("contract", CONTRACTS), name="contract"),
    )
    entity = "outcome"
    writable_fields = ("participant_id", "kind", "site_id", "employer_name", "started_on", "contract", "verified")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    employer_name: Mapped[str | None] = mapped_column(String(200))
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    contract: Mapped[str] = mapped_column(String(20), nullable=False)
    verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.participant_id}
