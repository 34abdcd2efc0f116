from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, new_id


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)


class OrganisationAdmin(db.Model):
    """An admin of a whole organisation, before (or besides) any programme: the first account of a new
    deployment is one (``flask users create NAME --role admin --organisation NAME``)."""

    __tablename__ = "organisation_admins"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
