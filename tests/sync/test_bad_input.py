"""Bad input to POST /api/v1/sync: each answered per SYNC.md, never a 500, nothing applied that should not be."""
import gzip
import json
import uuid

import pytest
from sqlalchemy import func, select

from api.sync.changes import record_change
from models import AppliedMutation, SurveyForm, attendance_id

from .conftest import change, hlc


@pytest.fixture
def form_id(ids, in_db):
    def make(s):
        form = SurveyForm(programme_id=ids.a.programme, code="exit", form_version=2, title="Exit survey",
                          questions=[{"id": "q1", "label": "Did the training help?"}, {"id": "q2", "label": "Job?"}])
        s.add(form)
        s.flush()
        record_change(s, form)
        s.commit()
        return form.id

    return in_db(make)


def valid(entity, ids, form_id):
    """A complete, valid new record of each writable entity (id, data)."""
    person, session = ids.a.participants[0], ids.a.session
    return {
        "participant": (str(uuid.uuid4()), {
            "programme_id": ids.a.programme, "cohort_id": ids.a.cohort, "code": "A-500", "given_name": "Emina",
            "family_name": "Begić", "gender": "female", "birth_year": 2003, "target_groups": ["neet", "returnee"],
            "consent_on": "2026-10-01", "enrolled_on": "2026-10-02", "exited_on": None, "exit_reason": None}),
        "session": (str(uuid.uuid4()), {
            "cohort_id": ids.a.cohort, "date": "2026-11-21", "start_time": "08:30", "duration_minutes": 240,
            "kind": "on_the_job", "topic": "Tool change", "notes": "Gloves", "location": {
                "lat": 44.53, "lon": 16.77, "accuracy_m": 12}}),
        "attendance": (attendance_id(session, person), {
            "session_id": session, "participant_id": person, "status": "late", "minutes": 200, "note": "Bus"}),
        "assessment": (str(uuid.uuid4()), {
            "participant_id": person, "skill_id": ids.skills[0], "level": 3, "assessed_on": "2026-11-21",
            "session_id": session, "note": "Reads simple drawings"}),
        "mentoring_goal": (str(uuid.uuid4()), {
            "participant_id": person, "mentor_id": ids.a.mentor, "title": "Apply at Site A", "status": "open",
            "due_on": "2026-12-20", "notes": None}),
        "outcome": (str(uuid.uuid4()), {
            "participant_id": person, "kind": "employed", "site_id": ids.a.site, "employer_name": None,
            "started_on": "2026-11-01", "contract": "fixed_term", "verified": False}),
        "survey_response": (str(uuid.uuid4()), {
            "form_id": form_id, "form_version": 2, "participant_id": person, "site_id": None,
            "answers": {"q1": "yes"}, "collected_on": "2026-11-21", "location": None}),
    }[entity]


WRITABLE = ("participant", "session", "attendance", "assessment", "mentoring_goal", "outcome", "survey_response")


@pytest.mark.parametrize("entity", WRITABLE)
def test_a_complete_record_of_every_writable_entity_applies(ids, device, form_id, entity):
    d = device("coord_a")
    record_id, data = valid(entity, ids, form_id)
    result = d.sync([change(d, entity, record_id, data)])["results"][0]
    assert result["status"] == "applied", result


WRONG_TYPES = [7, "7", True, [], {}, 3.5, "not-a-date-or-uuid"]


@pytest.mark.parametrize("entity", WRITABLE)
def test_a_wrong_type_in_any_field_is_rejected_naming_that_field(ids, device, form_id, in_db, entity):
    d = device("coord_a")
    record_id, data = valid(entity, ids, form_id)
    batch, expected = [], []
    for field in data:
        for wrong in WRONG_TYPES:
            if wrong == data[field] or (type(wrong) is type(data[field]) and not isinstance(wrong, (str, dict))):
                continue
            if field in ("notes", "note", "topic", "title", "given_name", "family_name", "exit_reason",
                         "employer_name", "code") and isinstance(wrong, str):
                continue  # any text is a valid text
            if field == "answers" and isinstance(wrong, dict):
                continue
            batch.append(change(d, entity, record_id, {**data, field: wrong}))
            expected.append(field)
    for start in range(0, len(batch), 500):
        results = d.sync(batch[start:start + 500])["results"]
        for result, field in zip(results, expected[start:start + 500]):
            assert result["status"] == "rejected", (field, result)
            assert field in result["errors"] or result["reason"] == "forbidden", (field, result)
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation))) == 0


@pytest.mark.parametrize("entity, field, value, message", [
    ("participant", "birth_year", 1890, "Birth year must be between"),
    ("participant", "gender", "unknown", "Must be one of"),
    ("participant", "target_groups", ["neet", "astronaut"], "Must be one of"),
    ("participant", "exited_on", "2026-09-01", "before the enrolment date"),
    ("participant", "programme_id", "b0b0b0b0-0000-4000-8000-000000000000", "No such programme"),
    ("session", "duration_minutes", 0, "1 to 1440"),
    ("session", "start_time", "25:00", "HH:MM"),
    ("session", "date", "2026-02-30", "YYYY-MM-DD"),
    ("session", "location", {"lat": 95, "lon": 16}, "Latitude"),
    ("attendance", "minutes", 300, "More minutes than the session lasts"),
    ("assessment", "level", 5, "0 to 4 on this skill's rubric"),
    ("assessment", "skill_id", "b0b0b0b0-0000-4000-8000-000000000000", "No such skill"),
    ("mentoring_goal", "mentor_id", "trainer", "This user is not a mentor"),
    ("outcome", "site_id", None, "Give the employer"),
    ("survey_response", "form_version", 1, "The form is at version 2"),
    ("survey_response", "answers", {"q9": "?"}, "Not questions of this form: q9"),
])
def test_cross_record_and_range_rules_say_what_is_wrong(ids, device, form_id, entity, field, value, message):
    d = device("coord_a")
    record_id, data = valid(entity, ids, form_id)
    if value == "trainer":
        value = ids.a.trainer
    result = d.sync([change(d, entity, record_id, {**data, field: value})])["results"][0]
    assert result["reason"] == "validation"
    assert any(message in m for messages in result["errors"].values() for m in (
        messages if isinstance(messages, list) else [str(messages)])), result["errors"]


def test_two_new_participants_with_one_code_in_one_request(ids, device, form_id):
    d = device("coord_a")
    first_id, data = valid("participant", ids, form_id)
    results = d.sync([change(d, "participant", first_id, data),
                      change(d, "participant", str(uuid.uuid4()), data)])["results"]
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["errors"] == {"code": ["Another participant of this programme has this code."]}


@pytest.mark.parametrize("raw", [b'{"topic": NaN}', b'{"topic": "a\u0000b"}'])
def test_values_no_database_takes_are_refused_not_500(ids, device, raw):
    d = device("trainer_a")
    body = ('{"device_id": "%s", "schema_version": 1, "changes": [{"mutation_id": "%s", "entity": "session", '
            '"id": "%s", "op": "upsert", "hlc": "%s", "data": %s}]}' % (
                d.device_id, uuid.uuid4(), ids.a.session, hlc(d.device_id), raw.decode())).encode()
    response = d.api.post("/sync", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.get_json()["results"][0]["reason"] == "validation"


def test_the_participant_must_be_in_the_sessions_cohort(ids, device):
    d = device("coord_a")
    outsider = ids.a.outsider
    result = d.sync([change(d, "attendance", attendance_id(ids.a.session, outsider), {
        "session_id": ids.a.session, "participant_id": outsider, "status": "present"})])["results"][0]
    assert result["errors"] == {"participant_id": ["The participant is not in this session's cohort."]}


@pytest.mark.parametrize("raw", [5, "change", None, [], {"entity": "attendance"},
                                 {"mutation_id": "x", "entity": "attendance", "id": "y", "op": "upsert", "hlc": "z"}])
def test_malformed_changes_are_rejected_one_by_one(ids, device, raw):
    d = device("trainer_a")
    good = change(d, "session", ids.a.session, {"topic": "Still applies"})
    results = d.sync([raw, good])["results"]
    assert results[0]["status"] == "rejected" and results[0]["reason"] == "validation" and results[0]["errors"]
    assert results[1]["status"] == "applied"


def test_a_malformed_hlc_or_op_is_named(ids, device):
    d = device("trainer_a")
    bad = change(d, "session", ids.a.session, {"topic": "x"}, op="merge", at="yesterday")
    assert set(d.sync([bad])["results"][0]["errors"]) == {"op", "hlc"}


def _body(d, changes, **extra):
    return {"device_id": d.device_id, "schema_version": 1, "cursor": None, "changes": changes} | extra


def test_a_501st_change_is_413_and_nothing_applies(ids, device, in_db):
    d = device("trainer_a")
    changes = [change(d, "session", ids.a.session, {"topic": f"t{i}"}) for i in range(501)]
    response = d.api.post("/sync", json=_body(d, changes))
    assert response.status_code == 413 and response.get_json()["code"] == 413
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation))) == 0


def test_a_6_mb_body_is_413_plain_or_gzip(ids, device):
    d = device("trainer_a")
    big = json.dumps(_body(d, [change(d, "session", ids.a.session, {"notes": "x" * 6_000_000})])).encode()
    assert d.api.post("/sync", data=big, headers={"Content-Type": "application/json"}).status_code == 413
    response = d.api.post("/sync", data=gzip.compress(big), headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert response.status_code == 413 and response.get_json()["status"] == "Request Entity Too Large"


def test_a_gzip_body_is_read_and_a_broken_one_is_400(ids, device):
    d = device("trainer_a")
    body = gzip.compress(json.dumps(_body(d, [change(d, "session", ids.a.session, {"topic": "gz"})])).encode())
    ok = d.api.post("/sync", data=body, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert ok.status_code == 200 and ok.get_json()["results"][0]["status"] == "applied"
    broken = d.api.post("/sync", data=body[:20], headers={"Content-Type": "application/json",
                                                          "Content-Encoding": "gzip"})
    assert broken.status_code == 400


def test_an_old_schema_version_is_409_with_the_minimum_and_nothing_applies(ids, device, in_db):
    d = device("trainer_a")
    response = d.api.post("/sync", json=_body(d, [change(d, "session", ids.a.session, {"topic": "old"})],
                                              schema_version=0))
    assert response.status_code == 409
    assert response.get_json()["min_schema_version"] == 1
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation))) == 0


@pytest.mark.parametrize("extra, field", [
    ({"schema_version": 2}, "schema_version"), ({"schema_version": "1"}, "schema_version"),
    ({"pull_limit": 0}, "pull_limit"), ({"pull_limit": 1001}, "pull_limit"), ({"pull_limit": "all"}, "pull_limit"),
    ({"device_id": "b0b0b0b0-0000-4000-8000-000000000000"}, "device_id"), ({"device_id": 3}, "device_id"),
    ({"changes": {"a": 1}}, "changes"), ({"cursor": 5}, "cursor"), ({"surprise": True}, "surprise"),
])
def test_a_malformed_envelope_is_400_naming_the_field(ids, device, extra, field):
    d = device("trainer_a")
    response = d.api.post("/sync", json=_body(d, []) | extra)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize("data, content_type, code", [
    (b"{not json", "application/json", 400), (b"[1, 2]", "application/json", 400),
    (b"{}", "text/plain", 415), (b"{}", "application/json", 400)])
def test_a_body_that_is_not_a_sync_request(ids, device, data, content_type, code):
    d = device("trainer_a")
    response = d.api.post("/sync", data=data, headers={"Content-Type": content_type})
    assert response.status_code == code and response.get_json()["code"] == code


def test_no_token_is_401(client):
    response = client.post("/api/v1/sync", json={"device_id": str(uuid.uuid4()), "schema_version": 1})
    assert response.status_code == 401


def test_an_hlc_an_hour_ahead_still_applies(ids, device):
    d = device("trainer_a")
    ahead = change(d, "session", ids.a.session, {"topic": "From the future"}, at=hlc(d.device_id, 3600))
    assert d.sync([ahead])["results"][0]["status"] == "applied"
