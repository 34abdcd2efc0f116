from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db, enum_check

SITE_KINDS = ("employer", "training_centre", "employment_bureau", "other")


class Site(SyncedMixin, db.Model):
    """An employer or training place where sessions happen and people get jobs.

    ``city`` is shown as the municipality.
    """

    __tablename__ = "sites"
    __table_args__ = (CheckConstraint(enum_check("kind", SITE_KINDS), name="kind"),)
    entity = "site"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    city: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="employer")
    #: ISO 3166-1 alpha-2, upper case ("" when not given)
    country: Mapped[str] = mapped_column(String(2), nullable=False, default="", server_default="")
    sector: Mapped[str] = mapped_column(String(120), nullable=False, default="", server_default="")
    #: the contact person: kept on the server only, never sent to phones (not in READ_ONLY_FIELDS)
    contact_name: Mapped[str] = mapped_column(String(200), nullable=False, default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(200), nullable=False, default="", server_default="")

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": None, "participant_id": None}
