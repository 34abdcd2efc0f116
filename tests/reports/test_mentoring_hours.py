"""Mentoring hours of private sessions (issue 14 item 4): they count as the mentee's mentoring hours,
in person or remote, diaspora or local, on the profile and in the indicators; they enter no cohort's rate."""
from datetime import date

from models import TrainingSession, db
from reports import attendance, indicators
from reports.period import Period
from tests.factories import add
from tests.review_fixtures import hlc, make_attendance, w  # noqa: F401

from .test_indicators import NOW, c  # noqa: F401


def _private(c, person, on, minutes, kind, author):
    return add(TrainingSession(programme_id=c.programme.id, cohort_id=None, mentee_ids=[person.id], date=on,
                               duration_minutes=minutes, kind=kind, topic="One to one",
                               field_meta={"duration_minutes": [hlc(NOW), 1, author.id]}))


def test_private_sessions_are_the_mentees_mentoring_hours(c, db_session):
    from models import User

    diaspora = db_session.query(User).filter_by(username="mentor_diaspora").one()
    local = db_session.query(User).filter_by(username="mentor_local").one()
    person = db_session.merge(c.p[3])
    remote = _private(c, person, date(2026, 11, 11), 45, "remote_mentoring", diaspora)
    visit = _private(c, person, date(2026, 11, 12), 60, "mentoring", local)
    make_attendance(remote, person, "present")
    make_attendance(visit, person, "present", 30)
    db_session.commit()

    mine = attendance.participant_hours(db_session, person.id)
    assert mine["mentoring_hours"] == 1.25
    assert (mine["mentoring_hours_remote"], mine["mentoring_hours_in_person"]) == (0.75, 0.5)
    assert (mine["mentoring_hours_diaspora"], mine["mentoring_hours_local"]) == (0.75, 0.5)
    assert mine["mentoring_hours_private"] == 1.25 and mine["training_hours"] == 0

    numbers = indicators.hours(db_session, Period(c.programme.id))
    # before: m1 90 in person (diaspora), m2 30 remote (local), both attended by C-3
    assert numbers["mentoring_hours"] == 2 + 1.75
    assert numbers["mentoring_hours_remote"] == 0.5 + 0.75
    assert numbers["mentoring_hours_in_person"] == 1.5 + 1
    assert numbers["participant_mentoring_hours"] == 2 + 1.25
    assert numbers["participant_mentoring_hours_remote"] == 0.5 + 0.75
    assert numbers["participant_mentoring_hours_in_person"] == 1.5 + 0.5
    assert numbers["participant_mentoring_hours_diaspora"] == 1.5 + 0.75
    assert numbers["participant_mentoring_hours_local"] == 0.5 + 0.5
    # no cohort's attendance rate takes them
    cohorts = attendance.by_cohort(db_session, Period(c.programme.id))
    assert [r["cohort_id"] for r in cohorts] == [c.cohort.id]
    assert [(r["attended"], r["counted"]) for r in cohorts] == [(7, 9)]
