"""Deleting a session takes its attendance and assessments with it (issue 14, item 6).

The dependents become tombstones in the same change, on every write path (a phone's push and
``server_write``), and reach every device by pull; a later upsert of one is ``rejected``/``deleted``.
"""
import uuid

from sqlalchemy import select

from api.sync.server_write import server_write
from models import Assessment, Attendance, TrainingSession, User, attendance_id

from .conftest import change


def _session_with_records(d, ids, people=2):
    session_id = str(uuid.uuid4())
    changes = [change(d, "session", session_id, {"cohort_id": ids.a.cohort, "date": "2026-11-20",
                                                "duration_minutes": 120, "kind": "training", "topic": "To delete"})]
    for person in ids.a.participants[:people]:
        changes.append(change(d, "attendance", attendance_id(session_id, person),
                              {"session_id": session_id, "participant_id": person, "status": "present"}))
    assessment = change(d, "assessment", str(uuid.uuid4()), {
        "participant_id": ids.a.participants[0], "skill_id": ids.skills[0], "level": 2,
        "assessed_on": "2026-11-20", "session_id": session_id})
    changes.append(assessment)
    return session_id, changes, assessment["id"]


def _deleted(in_db, model, record_id):
    return in_db(lambda s: s.get(model, record_id).deleted)


def test_a_pushed_session_delete_tombstones_its_attendance_and_assessments_and_other_devices_pull_them(
        ids, device, in_db):
    d, other = device("trainer_a"), device("coord_a")
    other.pull_all()
    session_id, changes, assessment_id = _session_with_records(d, ids)
    assert {r["status"] for r in d.sync(changes)["results"]} == {"applied"}
    other.pull_all()
    unrelated = in_db(lambda s: s.scalar(select(Attendance.id).where(Attendance.session_id == ids.a.session)))

    result = d.sync([change(d, "session", session_id, op="delete")])
    assert result["results"][0]["status"] == "applied"
    attendance = [attendance_id(session_id, p) for p in ids.a.participants[:2]]
    assert all(_deleted(in_db, Attendance, a) for a in attendance)
    assert _deleted(in_db, Assessment, assessment_id)
    if unrelated:
        assert not _deleted(in_db, Attendance, unrelated)
    # the deleting device receives the dependents' tombstones in the same answer (it did not send them)
    echoed = {(c["entity"], c["id"], c["op"]) for c in result["changes"]}
    assert {("attendance", a, "delete") for a in attendance} <= echoed
    assert ("assessment", assessment_id, "delete") in echoed
    pulled = {(c["entity"], c["id"]): c["op"] for c in other.pull_all()}
    assert pulled[("session", session_id)] == "delete"
    assert all(pulled[("attendance", a)] == "delete" for a in attendance)
    assert pulled[("assessment", assessment_id)] == "delete"

    late = change(d, "attendance", attendance[0], {"status": "absent"})
    assert d.sync([late])["results"][0]["reason"] == "deleted"  # deletes are final (SYNC.md rule 6)


def test_records_made_and_the_session_deleted_in_one_request_go_together(ids, device, in_db):
    d = device("trainer_a")
    session_id, changes, assessment_id = _session_with_records(d, ids, people=1)
    results = d.sync([*changes, change(d, "session", session_id, op="delete")])["results"]
    assert {r["status"] for r in results} == {"applied"}
    assert _deleted(in_db, TrainingSession, session_id)
    assert _deleted(in_db, Attendance, attendance_id(session_id, ids.a.participants[0]))
    assert _deleted(in_db, Assessment, assessment_id)


def test_a_server_side_delete_takes_the_same_path(app, ids, device, in_db):
    d = device("trainer_a")
    session_id, changes, assessment_id = _session_with_records(d, ids, people=1)
    d.sync(changes)

    def delete(s):
        server_write(s, s.get(User, ids.a.coordinator), "session", session_id, {}, op="delete")
        s.commit()

    in_db(delete)
    assert _deleted(in_db, Attendance, attendance_id(session_id, ids.a.participants[0]))
    assert _deleted(in_db, Assessment, assessment_id)
    pulled = {(c["entity"], c["id"]): c["op"] for c in d.sync()["changes"]}
    assert pulled[("assessment", assessment_id)] == "delete"


def test_a_mentor_cannot_delete_a_trainers_session_nor_its_attendance(ids, device, in_db):
    d, mentor = device("trainer_a"), device("mentor_a")
    session_id, changes, _assessment_id = _session_with_records(d, ids, people=1)
    d.sync(changes)
    result = mentor.sync([change(mentor, "session", session_id, op="delete")])["results"][0]
    assert result["status"] == "rejected"
    assert not _deleted(in_db, Attendance, attendance_id(session_id, ids.a.participants[0]))
