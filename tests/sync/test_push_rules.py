"""SYNC.md rules 1, 2, 3, 6, 7, 8 on the push side, through POST /api/v1/sync."""
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select, text

from models import AppliedMutation, Attendance, ChangeLog, Conflict, Participant, TrainingSession, attendance_id

from .conftest import attendance_change, change


def new_session(device, cohort_id, topic="Reading drawings", **data):
    return change(device, "session", str(uuid.uuid4()),
                  {"cohort_id": cohort_id, "date": "2026-11-20", "duration_minutes": 120, "kind": "training",
                   "topic": topic, **data})


def test_results_come_in_the_order_sent_and_a_change_may_use_a_record_made_earlier_in_the_request(ids, device, in_db):
    d = device("trainer_a")
    session = new_session(d, ids.a.cohort)
    person = ids.a.participants[0]
    mark = change(d, "attendance", attendance_id(session["id"], person),
                  {"session_id": session["id"], "participant_id": person, "status": "present"})
    bad = change(d, "attendance", attendance_id(session["id"], ids.a.participants[1]),
                 {"session_id": session["id"], "participant_id": ids.a.participants[1], "status": "asleep"})
    later_session = new_session(d, ids.a.cohort)
    too_early = change(d, "attendance", attendance_id(later_session["id"], person),
                       {"session_id": later_session["id"], "participant_id": person, "status": "present"})
    batch = [too_early, session, mark, bad, later_session]
    results = d.sync(batch)["results"]
    assert [r["mutation_id"] for r in results] == [c["mutation_id"] for c in batch]
    assert [r["status"] for r in results] == ["rejected", "applied", "applied", "rejected", "applied"]
    assert results[0]["errors"] == {"session_id": ["No such session."]}
    assert results[1]["version"] < results[2]["version"] < results[4]["version"]
    assert in_db(lambda s: s.get(Attendance, mark["id"]).status) == "present"


def test_records_made_in_one_request_are_inserted_referenced_first(ids, device, in_db):
    d = device("trainer_a")
    earlier = attendance_change(d, ids.a)  # an attendance first, then a session and its attendance
    session = new_session(d, ids.a.cohort)
    person = ids.a.participants[1]
    mark = change(d, "attendance", attendance_id(session["id"], person),
                  {"session_id": session["id"], "participant_id": person, "status": "late"})
    assert [r["status"] for r in d.sync([earlier, session, mark])["results"]] == ["applied"] * 3


def test_a_replayed_mutation_is_a_duplicate_and_changes_nothing(ids, device, in_db):
    d = device("trainer_a")
    first = attendance_change(d, ids.a, status="present")
    applied = d.sync([first])["results"][0]
    again = dict(first, data={**first["data"], "status": "absent"})  # same mutation_id, even with other data
    replay = d.sync([again, first])["results"]
    assert replay == [{"mutation_id": first["mutation_id"], "status": "duplicate", "version": applied["version"]}] * 2
    record = in_db(lambda s: s.get(Attendance, first["id"]))
    assert (record.status, record.version) == ("present", applied["version"])
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation))) == 1


def test_a_mutation_twice_in_one_request_applies_once(ids, device, in_db):
    d = device("trainer_a")
    mark = attendance_change(d, ids.a)
    results = d.sync([mark, mark])["results"]
    assert [r["status"] for r in results] == ["applied", "duplicate"]
    assert results[1]["version"] == results[0]["version"]


def test_one_bad_change_is_rejected_with_field_errors_and_the_rest_apply(ids, device, in_db):
    d = device("trainer_a")
    good = attendance_change(d, ids.a, person=0)
    bad = attendance_change(d, ids.a, person=1)
    bad["data"].update(status="sleeping", minutes=-5, colour="red")
    also_good = attendance_change(d, ids.a, person=2, status="late")
    results = d.sync([good, bad, also_good])["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["reason"] == "validation"
    assert set(results[1]["errors"]) == {"status", "minutes", "colour"}
    assert "present, late, absent, excused" in results[1]["errors"]["status"][0]
    assert in_db(lambda s: s.get(Attendance, bad["id"])) is None


def test_a_new_record_must_carry_every_required_field(ids, device):
    d = device("trainer_a")
    partial = change(d, "session", str(uuid.uuid4()), {"cohort_id": ids.a.cohort, "topic": "Only a topic"})
    result = d.sync([partial])["results"][0]
    assert result["reason"] == "validation"
    assert set(result["errors"]) == {"date", "duration_minutes", "kind"}


@pytest.mark.parametrize("entity, reason", [("unicorn", "unknown_entity"), ("programme", "read_only"),
                                            ("cohort", "read_only"), ("user", "read_only")])
def test_unknown_and_read_only_entities_are_rejected(ids, device, entity, reason):
    d = device("coord_a")
    result = d.sync([change(d, entity, ids.a.programme, {"name": "Renamed"})])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", reason)


def test_pushing_outside_the_callers_scope_is_forbidden(ids, device, in_db):
    d = device("trainer_a")
    other_programme = attendance_change(d, ids.b)  # programme B's session and participant
    other_cohort_person = change(d, "participant", ids.a.outsider, {"given_name": "Changed"})
    new_in_b = change(d, "participant", str(uuid.uuid4()), {
        "programme_id": ids.b.programme, "cohort_id": ids.b.cohort, "code": "B-777", "given_name": "Ana",
        "family_name": "Kovač", "gender": "female", "birth_year": 2001, "consent_on": "2026-10-01",
        "enrolled_on": "2026-10-01"})
    results = d.sync([other_programme, other_cohort_person, new_in_b])["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "forbidden")] * 3
    assert in_db(lambda s: s.get(Participant, ids.a.outsider).given_name) != "Changed"


def test_two_devices_marking_the_same_person_in_the_same_session_write_one_record(ids, device, in_db):
    phone, tablet = device("trainer_a"), device("coord_a")
    a = phone.sync([attendance_change(phone, ids.a, status="present")])["results"][0]
    b = tablet.sync([attendance_change(tablet, ids.a, status="present")])["results"][0]
    assert a["status"] == b["status"] == "applied"
    rows = in_db(lambda s: s.scalars(select(Attendance).where(
        Attendance.session_id == ids.a.session, Attendance.participant_id == ids.a.participants[0])).all())
    assert len(rows) == 1 and rows[0].version == b["version"]


def test_an_attendance_id_that_is_not_the_uuid5_of_its_natural_key_is_rejected(ids, device):
    d = device("trainer_a")
    wrong = attendance_change(d, ids.a)
    wrong["id"] = str(uuid.uuid4())
    result = d.sync([wrong])["results"][0]
    assert result["reason"] == "validation" and "id" in result["errors"]


def test_a_delete_leaves_a_tombstone_and_an_upsert_to_it_is_rejected_and_kept_as_a_conflict(ids, device, in_db):
    d, other = device("trainer_a"), device("coord_a")
    made = d.sync([new_session(d, ids.a.cohort)])["results"][0]
    session_id = in_db(lambda s: s.scalar(select(TrainingSession.id).where(TrainingSession.version == made["version"])))
    gone = d.sync([change(d, "session", session_id, op="delete", base_version=made["version"])])["results"][0]
    assert gone["status"] == "applied"
    late_edit = change(other, "session", session_id, {"topic": "Edited offline"}, base_version=made["version"])
    result = other.sync([late_edit])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "deleted")
    record = in_db(lambda s: s.get(TrainingSession, session_id))
    assert record.deleted and record.topic == "Reading drawings"
    conflict = in_db(lambda s: s.scalar(select(Conflict).where(Conflict.record_id == session_id)))
    assert (conflict.kind, conflict.other_value, conflict.mutation_id) == (
        "deleted", {"topic": "Edited offline"}, late_edit["mutation_id"])
    assert other.sync([late_edit])["results"][0]["reason"] == "deleted"  # a replay files no second conflict
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(Conflict))) == 1


def test_an_upsert_to_another_programmes_deleted_record_is_forbidden_and_files_nothing(ids, device, in_db):
    d, stranger = device("trainer_a"), device("trainer_b")
    made = d.sync([new_session(d, ids.a.cohort)])
    session_id = in_db(lambda s: s.scalar(select(TrainingSession.id).where(
        TrainingSession.version == made["results"][0]["version"])))
    d.sync([change(d, "session", session_id, op="delete")])
    result = stranger.sync([change(stranger, "session", session_id, {"topic": "x"})])["results"][0]
    assert result["reason"] == "forbidden"
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(Conflict))) == 0


def test_a_delete_of_an_unknown_id_makes_a_tombstone_that_a_later_create_cannot_pass(ids, device, in_db):
    d = device("trainer_a")
    session = new_session(d, ids.a.cohort)
    tombstone = change(d, "session", session["id"], {"cohort_id": ids.a.cohort}, op="delete")
    assert d.sync([tombstone])["results"][0]["status"] == "applied"
    result = d.sync([session])["results"][0]
    assert result["reason"] == "deleted"
    assert in_db(lambda s: s.get(TrainingSession, session["id"])) is None


def test_an_attendance_tombstone_for_an_unknown_id_must_name_its_natural_key_in_scope(ids, device):
    d = device("trainer_a")
    blind = change(d, "attendance", attendance_id(ids.b.session, ids.b.participants[0]), op="delete")
    assert d.sync([blind])["results"][0]["reason"] == "validation"
    named = dict(blind, mutation_id=str(uuid.uuid4()),
                 data={"session_id": ids.b.session, "participant_id": ids.b.participants[0]})
    assert d.sync([named])["results"][0]["reason"] == "forbidden"


def _inject_commit_failure(session, record_id):
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("CREATE FUNCTION fm_fail() RETURNS trigger AS $$ BEGIN "
                             "RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql"))
        session.execute(text(f"CREATE TRIGGER fm_fail BEFORE INSERT ON change_log FOR EACH ROW "
                             f"WHEN (NEW.record_id = '{record_id}') EXECUTE FUNCTION fm_fail()"))
    else:
        session.execute(text(f"CREATE TRIGGER fm_fail BEFORE INSERT ON change_log WHEN NEW.record_id = "
                             f"'{record_id}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END"))
    session.commit()


def _remove_commit_failure(session):
    session.execute(text("DROP TRIGGER fm_fail" + (" ON change_log" if session.get_bind().dialect.name == "postgresql" else "")))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("DROP FUNCTION fm_fail"))
    session.commit()


def test_a_request_that_cannot_commit_answers_5xx_and_applies_nothing(ids, device, in_db):
    d = device("trainer_a")
    batch = [attendance_change(d, ids.a, person=0), attendance_change(d, ids.a, person=1)]
    in_db(lambda s: _inject_commit_failure(s, batch[1]["id"]))
    before = in_db(lambda s: s.scalar(select(func.max(ChangeLog.seq))))
    failed = d.sync(batch, expect=500)
    assert failed["code"] == 500
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(Attendance))) == 0
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation))) == 0
    assert in_db(lambda s: s.scalar(select(func.max(ChangeLog.seq)))) == before
    in_db(_remove_commit_failure)
    assert [r["status"] for r in d.sync(batch)["results"]] == ["applied", "applied"]


def test_server_derives_programme_and_cohort_from_references(ids, device, in_db):
    d = device("trainer_a")
    session = new_session(d, ids.a.cohort)
    assert d.sync([session])["results"][0]["status"] == "applied"
    record = in_db(lambda s: s.get(TrainingSession, session["id"]))
    assert (record.programme_id, record.cohort_id, record.date) == (ids.a.programme, ids.a.cohort, date(2026, 11, 20))
