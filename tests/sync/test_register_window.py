"""The register window (issue 14 item 5): attendance only for a session held while the person was enrolled.

A participant counts from ``enrolled_on`` up to and including ``exited_on``; attendance at a session outside
that window is ``rejected``/``validation`` under ``participant_id`` (docs/sync.md).
"""
import uuid

from models import Attendance, attendance_id

from .conftest import change


def session_on(d, cohort_id, day):
    return change(d, "session", str(uuid.uuid4()), {"cohort_id": cohort_id, "date": day, "duration_minutes": 120,
                                                     "kind": "training", "topic": "Window"})


def person_enrolled(d, ids, enrolled_on, **extra):
    return change(d, "participant", str(uuid.uuid4()), {
        "programme_id": ids.a.programme, "cohort_id": ids.a.cohort, "given_name": "Lejla", "family_name": "Hodžić",
        "gender": "female", "birth_year": 2000, "consent_on": enrolled_on, "enrolled_on": enrolled_on, **extra})


def mark(d, session, person):
    return change(d, "attendance", attendance_id(session["id"], person["id"]),
                  {"session_id": session["id"], "participant_id": person["id"], "status": "present"})


def test_attendance_before_enrolment_or_after_exit_is_refused_and_the_window_days_count(ids, device, in_db):
    d = device("trainer_a")
    early, first_day, last_day, late = (session_on(d, ids.a.cohort, day)
                                        for day in ("2026-10-01", "2026-10-05", "2026-11-10", "2026-11-11"))
    person = person_enrolled(d, ids, "2026-10-05", exited_on="2026-11-10", exit_reason="job")
    marks = [mark(d, s, person) for s in (early, first_day, last_day, late)]
    results = d.sync([early, first_day, last_day, late, person, *marks])["results"][5:]
    assert [r["status"] for r in results] == ["rejected", "applied", "applied", "rejected"]
    for refused in (results[0], results[3]):
        assert refused["reason"] == "validation"
        assert list(refused["errors"]) == ["participant_id"]
        assert "outside this participant's enrolment" in refused["errors"]["participant_id"][0]
    assert "2026-10-01" in results[0]["errors"]["participant_id"][0]
    assert "to 2026-11-10" in results[3]["errors"]["participant_id"][0]
    assert in_db(lambda s: s.get(Attendance, marks[0]["id"])) is None
    assert in_db(lambda s: s.get(Attendance, marks[1]["id"])).status == "present"


def test_a_participant_still_enrolled_may_attend_any_later_session(ids, device):
    d = device("trainer_a")
    person = person_enrolled(d, ids, "2026-09-15")
    later = session_on(d, ids.a.cohort, "2027-03-01")
    assert [r["status"] for r in d.sync([person, later, mark(d, later, person)])["results"]] == ["applied"] * 3


def test_the_refusal_is_translated(ids, device):
    d = device("trainer_a")
    early = session_on(d, ids.a.cohort, "2026-01-01")
    person = person_enrolled(d, ids, "2026-10-05")
    response = d.api.post("/sync", json={"device_id": d.device_id, "schema_version": 1, "cursor": None,
                                         "changes": [early, person, mark(d, early, person)], "pull_limit": 10},
                          headers={"Accept-Language": "bs"})
    refused = response.get_json()["results"][2]
    assert refused["status"] == "rejected" and refused["reason"] == "validation"
    assert refused["errors"]["participant_id"]
