from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db, enum_check

SITE_KINDS = ("employer", "training_centre", "other")


class Site(SyncedMixin, db.Model):
    """An employer or training place where sessions happen and people get jobs."""

    __tablename__ = "sites"
    __table_args__ = (CheckConstraint(enum_check("kind", SITE_KINDS), name="kind"),)
    entity = "site"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    city: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="employer")

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": None, "participant_id": None}
