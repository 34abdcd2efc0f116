from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import SyncedMixin
from .db import db


#: the follow-up schedule of a job, in months after it started
FOLLOW_UP_MONTHS = (3, 6, 12)


class Programme(SyncedMixin, db.Model):
    """A funded programme (Ključ D4D, İzmir Meslek Fabrikası, Jobb Centrum Nord…).

    ``targets`` holds the donor's targets, e.g. ``{"participants": 120,
    "women": 60, "jobs": 30, "training_hours": 4000}``; a target may also carry its
    own period: ``{"jobs": {"value": 30, "from": "2026-01-01", "to": "2026-12-31"}}``.

    The settings below are read by later features (follow-ups, phones' retention,
    evidence photos); their defaults are ``PROGRAMME_DEFAULTS``. A programme with a
    ``closed_on`` date on or before today is closed: read-only, still reportable.
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
    #: the languages the programme offers (codes of config.LANGUAGES); empty: all of them
    languages: Mapped[list] = mapped_column(nullable=False, default=list, server_default=text("'[]'"))
    #: months after a job starts when its follow-ups are due
    follow_up_months: Mapped[list] = mapped_column(nullable=False, default=lambda: list(FOLLOW_UP_MONTHS),
                                                   server_default=text("'[3, 6, 12]'"))
    #: days personal data may stay on a phone after it was last needed there
    retention_days: Mapped[int] = mapped_column(Integer, nullable=False, default=180, server_default=text("180"))
    #: evidence photos: longest side in pixels and JPEG quality
    photo_max_px: Mapped[int] = mapped_column(Integer, nullable=False, default=1600, server_default=text("1600"))
    photo_quality: Mapped[int] = mapped_column(Integer, nullable=False, default=80, server_default=text("80"))
    #: the day the programme closed (None: open)
    closed_on: Mapped[date | None] = mapped_column(Date)

    def is_closed(self, today: date | None = None) -> bool:
        return self.closed_on is not None and self.closed_on <= (today or date.today())

    def scope_keys(self):
        return {"programme_id": self.id, "cohort_id": None, "participant_id": None}
