from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db


class SurveyForm(SyncedMixin, db.Model):
    """A versioned field-survey definition; ``questions`` carry translated labels."""

    __tablename__ = "survey_forms"
    __table_args__ = (UniqueConstraint("programme_id", "code", "form_version"),)
    entity = "survey_form"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(60), nullable=False)
    form_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    labels: Mapped[dict] = mapped_column(nullable=False, default=dict)
    questions: Mapped[list] = mapped_column(nullable=False, default=list)

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": None, "participant_id": None}


class SurveyResponse(SyncedMixin, db.Model):
    __tablename__ = "survey_responses"
    entity = "survey_response"
    writable_fields = ("form_id", "form_version", "participant_id", "site_id", "answers", "collected_on", "location")

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), nullable=False, index=True)
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    form_id: Mapped[str] = mapped_column(ForeignKey("survey_forms.id"), nullable=False)
    form_version: Mapped[int] = mapped_column(Integer, nullable=False)
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), index=True)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    answers: Mapped[dict] = mapped_column(nullable=False, default=dict)
    collected_on: Mapped[date] = mapped_column(Date, nullable=False)
    location: Mapped[dict | None] = mapped_column()

    def scope_keys(self):
        return {"programme_id": self.programme_id, "cohort_id": self.cohort_id, "participant_id": self.participant_id}
