"""Indicator arithmetic on hand-made data with known answers (docs/indicators.md)."""
from datetime import date, datetime, timezone

import pytest

from models import Cohort, CohortStaff, Programme, db
from reports import attendance, indicators, quality
from reports.dashboard import dashboard
from reports.period import Period, age_band
from tests.factories import add, make_participant, make_session, make_user
from tests.review_fixtures import (hlc, make_assessment, make_attendance, make_device, make_outcome,  # noqa: F401
                                   w)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def c(w, password_hash):
    """Programme C: five people (one more deleted), sessions over two weeks, known answers."""
    programme = add(Programme(organisation_id=w.org.id, code="prog-c", name="Programme C", donor="ILO",
                              competent_level=3,
                              targets={"participants": 10, "women": 4, "youth": 2, "jobs": 8, "neet": 4,
                                       "training_hours": 18, "diaspora_mentoring_hours": 3, "nonsense": "x"}))
    cohort = add(Cohort(programme_id=programme.id, occupation_id=w.occupation.id, code="c1", name="C1"))
    p = [
        make_participant(programme, cohort, "C-1", gender="female", birth_year=2001, target_groups=["neet"]),
        make_participant(programme, cohort, "C-2", gender="male", birth_year=2001, target_groups=["refugee", "neet"]),
        make_participant(programme, cohort, "C-3", gender="female", birth_year=1996, target_groups=["returnee"]),
        make_participant(programme, cohort, "C-4", gender="other", birth_year=1997, target_groups=[]),
        make_participant(programme, cohort, "C-5", gender="undisclosed", birth_year=2011, target_groups=[]),
    ]
    make_participant(programme, cohort, "C-6", gender="female", birth_year=2002, deleted=True)
    trainer = make_user("trainer_c", password_hash, ("trainer", programme))
    diaspora = make_user("mentor_diaspora", password_hash, ("mentor", programme))
    diaspora.diaspora = True
    local = make_user("mentor_local", password_hash, ("mentor", programme))
    coordinator = make_user("coord_c", password_hash, ("coordinator", programme))
    cohort.staff.append(CohortStaff(user_id=trainer.id, role="trainer"))
    s1 = make_session(cohort, date(2026, 11, 2), duration_minutes=240)
    s2 = make_session(cohort, date(2026, 11, 4), duration_minutes=120)
    s3 = make_session(cohort, date(2026, 11, 10), duration_minutes=60, kind="on_the_job")
    m1 = make_session(cohort, date(2026, 11, 5), duration_minutes=90, kind="mentoring",
                      field_meta={"duration_minutes": [hlc(NOW), 1, diaspora.id]}, updated_by_id=local.id)
    m2 = make_session(cohort, date(2026, 11, 6), duration_minutes=30, kind="remote_mentoring", updated_by_id=local.id)
    make_session(cohort, date(2026, 11, 12), duration_minutes=60, topic="Nobody marked")
    make_session(cohort, date(2026, 12, 20), duration_minutes=60, topic="Still to come")
    for session, person, status, minutes in [
        (s1, p[0], "present", None), (s1, p[1], "late", None), (s1, p[2], "absent", None),
        (s1, p[3], "excused", None), (s2, p[0], "present", 60), (s2, p[1], "present", None),
        (s3, p[0], "present", None), (s3, p[1], "absent", None), (m1, p[2], "present", None),
        (m2, p[2], "present", None),
    ]:
        make_attendance(session, person, status, minutes)
    skill0, skill1 = w.skills[0], w.skills[1]
    make_assessment(p[0], skill0, 1, date(2026, 9, 10))
    make_assessment(p[0], skill0, 3, date(2026, 11, 10))
    make_assessment(p[1], skill0, 2, date(2026, 11, 10))
    make_assessment(p[2], skill0, 4, date(2026, 10, 1))
    make_assessment(p[2], skill0, 2, date(2026, 11, 1))
    make_assessment(p[0], skill1, 0, date(2026, 11, 1))
    make_outcome(p[0], "employed", date(2026, 12, 1), verified=True)
    make_outcome(p[0], "employed", date(2027, 2, 1))
    make_outcome(p[1], "self_employed", date(2026, 10, 1))
    make_outcome(p[2], "further_training", date(2026, 10, 1))
    make_outcome(p[3], "employed", date(2026, 9, 11))
    make_device(trainer, "Stale phone", last_sync_days=10, now=NOW)
    make_device(trainer, "Fresh phone", last_sync_days=1, now=NOW)
    make_device(local, "Revoked phone", last_sync_days=30, revoked=True, now=NOW)
    make_device(local, "Never synced", last_sync_days=None, now=NOW)
    make_device(coordinator, "Coordinator laptop", last_sync_days=40, now=NOW)
    db.session.commit()
    return type("C", (), dict(programme=programme, cohort=cohort, p=p, s=(s1, s2, s3, m1, m2)))


def test_unique_people_not_attendances_by_gender_and_group(c, db_session):
    numbers = indicators.enrolment(db_session, Period(c.programme.id, reference=date(2026, 1, 1)))
    assert numbers["total"] == 5  # C-1 attended five times: still one person; C-6 is deleted
    assert numbers["attended_at_least_once"] == 3  # C-4 was only excused, C-5 never came
    assert numbers["gender"] == {"female": 2, "male": 1, "other": 1, "undisclosed": 1}
    assert numbers["target_group"]["neet"] == 2
    assert numbers["target_group"]["refugee"] == 1
    assert numbers["target_group"]["returnee"] == 1
    assert numbers["target_group"]["roma"] == 0


@pytest.mark.parametrize("reference, bands", [
    # born 2001: 24 on the last day of 2025 (youth), 25 from the first day of 2026
    (date(2025, 12, 31), {"under_15": 1, "15_24": 2, "25_29": 2, "30_plus": 0}),
    (date(2026, 1, 1), {"under_15": 0, "15_24": 1, "25_29": 3, "30_plus": 1}),
])
def test_age_bands_on_the_birthday_boundary(c, db_session, reference, bands):
    numbers = indicators.enrolment(db_session, Period(c.programme.id, reference=reference))
    assert numbers["age_band"] == bands


def test_age_band_edges():
    assert [age_band(a) for a in (14, 15, 24, 25, 29, 30)] == ["under_15", "15_24", "15_24", "25_29", "25_29",
                                                              "30_plus"]


def test_attendance_rate_per_week_and_cohort(c, db_session):
    period = Period(c.programme.id)
    weeks = {row["week"]: row for row in attendance.weekly(db_session, period)}
    # week of 2 Nov: s1 2 of 3 (excused left out) + s2 2 of 2 + mentoring m1, m2 2 of 2
    assert (weeks[date(2026, 11, 2)]["attended"], weeks[date(2026, 11, 2)]["counted"]) == (6, 7)
    assert weeks[date(2026, 11, 9)]["rate"] == 0.5
    cohort = attendance.by_cohort(db_session, period)
    assert [(r["attended"], r["counted"], r["people"]) for r in cohort] == [(7, 9, 4)]
    grid = attendance.by_cohort_week(db_session, Period(c.programme.id, start=date(2026, 11, 9)))
    assert [(r["cohort"], r["week"], r["rate"]) for r in grid] == [("c1", date(2026, 11, 9), 0.5)]


def test_hours_delivered_and_received_diaspora_apart(c, db_session):
    numbers = indicators.hours(db_session, Period(c.programme.id))
    assert numbers["training_hours"] == 9  # 240+120+60+60+60 minutes
    assert numbers["training_sessions"] == 5
    assert numbers["mentoring_hours_diaspora"] == 1.5  # who wrote the duration, not who edited last
    assert numbers["mentoring_hours_local"] == 0.5
    assert numbers["participant_training_hours"] == 12  # 240+240 + 60(minutes)+120 + 60
    assert numbers["participant_mentoring_hours"] == 2
    november_first_week = indicators.hours(db_session, Period(c.programme.id, date(2026, 11, 2), date(2026, 11, 8)))
    assert november_first_week["training_hours"] == 6


def test_share_reaching_competent_level(c, db_session, w):
    rows = {r["skill"]: r for r in indicators.skills(db_session, Period(c.programme.id), 3)}
    assert (rows["Read a drawing"]["assessed"], rows["Read a drawing"]["competent"]) == (3, 2)
    assert rows["Read a drawing"]["share"] == pytest.approx(2 / 3)
    assert rows["Set up the machine"]["share"] == 0
    assert "Measure parts" not in rows
    stricter = {r["skill"]: r for r in indicators.skills(db_session, Period(c.programme.id), 4)}
    assert stricter["Read a drawing"]["competent"] == 1


def test_jobs_verified_and_days_to_first_job(c, db_session):
    numbers = indicators.outcomes(db_session, Period(c.programme.id))
    assert (numbers["jobs"], numbers["verified"], numbers["unverified"], numbers["people_with_job"]) == (4, 1, 3, 3)
    assert numbers["by_kind"] == {"employed": 3, "self_employed": 1, "further_training": 1}
    days = numbers["days_to_job"]
    assert (days["count"], days["median"], days["min"], days["max"]) == (3, 30, 10, 91)
    assert days["mean"] == pytest.approx((91 + 30 + 10) / 3)


def test_data_quality_flags(c, db_session):
    period = Period(c.programme.id)
    silent = quality.sessions_without_attendance(db_session, period, NOW.date())
    assert silent["count"] == 1 and silent["items"][0]["topic"] == "Nobody marked"
    stale = quality.stale_devices(db_session, c.programme.id, NOW, days=7)
    assert sorted(d["device"] for d in stale["items"]) == ["Never synced", "Stale phone"]
    assert quality.stale_devices(db_session, c.programme.id, NOW, days=30)["count"] == 1


def test_targets_and_whole_dashboard(c, db_session):
    numbers = dashboard(db_session, c.programme, Period(c.programme.id, reference=date(2026, 1, 1)), now=NOW)
    targets = {t["key"]: t for t in numbers["targets"]}
    assert targets["participants"]["reached"] == 5 and targets["participants"]["share"] == 0.5
    assert targets["women"]["reached"] == 2
    assert targets["neet"]["reached"] == 2
    assert targets["diaspora_mentoring_hours"]["share"] == 0.5
    assert "nonsense" not in targets
    assert numbers["quality"]["open_conflicts"] == 0


def test_other_programmes_do_not_leak_in(c, db_session, w):
    numbers = indicators.enrolment(db_session, Period(w.a.programme.id))
    assert numbers["total"] == 4
