from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import SyncedMixin
from .db import db


class Occupation(SyncedMixin, db.Model):
    """A trade taught (CNC operator, PVC/Al joinery operator…), with its rubric.

    ``labels`` maps a locale to the translated name; ``name`` is the fallback.
    """

    __tablename__ = "occupations"
    entity = "occupation"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    #: None: shared by the organisation's programmes (its admins edit it); else one programme's own copy
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    #: the trade this one was copied from (a programme's own copy of a shared trade)
    copied_from_id: Mapped[str | None] = mapped_column(ForeignKey("occupations.id"))
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    labels: Mapped[dict] = mapped_column(nullable=False, default=dict)

    rubric: Mapped[list["RubricLevel"]] = relationship(
        order_by="RubricLevel.level", cascade="all, delete-orphan", lazy="selectin"
    )
    skills: Mapped[list["Skill"]] = relationship(  # noqa: F821
        order_by="Skill.position", back_populates="occupation", lazy="selectin"
    )

    @property
    def max_level(self) -> int:
        return max((r.level for r in self.rubric), default=4)

    @property
    def rubric_levels(self) -> list[dict]:
        """The rubric as it travels (the wire's ``rubric``); setting it updates the levels in place."""
        return [{"level": r.level, "label": r.label, "description": r.description, "labels": r.labels}
                for r in self.rubric]

    @rubric_levels.setter
    def rubric_levels(self, levels) -> None:
        by_level = {r.level: r for r in self.rubric}
        kept = []
        for entry in levels or ():
            level = by_level.get(entry["level"]) or RubricLevel(level=entry["level"])
            level.label = entry["label"]
            level.description = entry.get("description") or ""
            level.labels = entry.get("labels") or {}
            kept.append(level)
        self.rubric = sorted(kept, key=lambda r: r.level)

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": None, "participant_id": None}


class RubricLevel(db.Model):
    """One level of an occupation's rubric: 0 not yet … 4 independent."""

    __tablename__ = "rubric_levels"
    __table_args__ = (UniqueConstraint("occupation_id", "level"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occupation_id: Mapped[str] = mapped_column(ForeignKey("occupations.id", ondelete="CASCADE"), nullable=False)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    labels: Mapped[dict] = mapped_column(nullable=False, default=dict)
