from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import SyncedMixin
from .db import db


class Skill(SyncedMixin, db.Model):
    """One competency of an occupation, in teaching order."""

    __tablename__ = "skills"
    __table_args__ = (UniqueConstraint("occupation_id", "code"),)
    entity = "skill"

    occupation_id: Mapped[str] = mapped_column(ForeignKey("occupations.id"), nullable=False, index=True)
    #: its occupation's programme (None: a shared trade's skill); set by the server from the occupation
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(String(60), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    labels: Mapped[dict] = mapped_column(nullable=False, default=dict)

    occupation = relationship("Occupation", back_populates="skills")

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": None, "participant_id": None}
