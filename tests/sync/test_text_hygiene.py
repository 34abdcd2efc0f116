"""Text no column can hold is one change's problem (SYNC.md rule 3), never the whole request's.

Lone surrogates (half of an emoji: sent as ``\\ud83d`` JSON escapes, as a phone's
JSON.stringify does), NUL and the control characters XML forbids are refused in
every field with a message naming it; tab and line breaks only in multi-line fields.
A body that cannot be parsed at all is a whole-request 400 with ``errors.body``.
"""
import json
import uuid

import pytest
from sqlalchemy import select

from models import Participant, SurveyResponse

from .conftest import change
from .test_bad_input import form_id, valid  # noqa: F401 (fixture)

ILLEGAL = ["\ud83d", "\udc00", "\x00", "\x0b", "\x1b", "\x01", "\ufffe"]


def sync_raw(d, changes, expect=200):
    """POST the changes as the JSON text a phone sends (lone surrogates as escapes)."""
    body = json.dumps({"device_id": d.device_id, "schema_version": 1, "cursor": None, "changes": changes})
    response = d.api.post("/sync", data=body, content_type="application/json")
    assert response.status_code == expect, response.get_data(as_text=True)[:500]
    return response.get_json()


@pytest.mark.parametrize("bad", ILLEGAL, ids=[f"U+{ord(c):04X}" for c in ILLEGAL])
def test_an_illegal_character_rejects_only_its_change_and_names_the_field(device, ids, form_id, in_db, bad):
    d = device("coord_a")
    person_id, person = valid("participant", ids, form_id)
    bad_person = dict(person, code="B-1", given_name=f"Emi{bad}na")
    good_id, good = valid("session", ids, form_id)
    results = sync_raw(d, [change(d, "participant", str(uuid.uuid4()), bad_person),
                           change(d, "session", good_id, good)])["results"]
    assert results[0]["status"] == "rejected" and results[0]["reason"] == "validation", results[0]
    assert list(results[0]["errors"]) == ["given_name"]
    assert "given_name" in results[0]["errors"]["given_name"][0]
    assert results[1]["status"] == "applied", results[1]


@pytest.mark.parametrize("where", ["value", "key", "nested value", "nested key"])
@pytest.mark.parametrize("bad", ["\ud83d", "\x00", "\x0b"])
def test_survey_answers_are_checked_inside(device, ids, form_id, in_db, where, bad):
    d = device("coord_a")
    record_id, data = valid("survey_response", ids, form_id)
    answers = {"value": {"q1": f"ok{bad}"}, "key": {f"q{bad}": "ok"}, "nested value": {"q1": {"a": [f"x{bad}"]}},
               "nested key": {"q1": [{f"k{bad}": 1}]}}[where]
    good_id, good = valid("session", ids, form_id)
    results = sync_raw(d, [change(d, "survey_response", record_id, dict(data, answers=answers)),
                           change(d, "session", good_id, good)])["results"]
    assert results[0]["status"] == "rejected" and "answers" in results[0]["errors"], results[0]
    assert results[1]["status"] == "applied"
    assert in_db(lambda s: s.get(SurveyResponse, record_id)) is None


def test_tab_and_line_breaks_only_in_multi_line_fields(device, ids, form_id, in_db):
    d = device("coord_a")
    session_id, session = valid("session", ids, form_id)
    other_id, other = valid("session", ids, form_id)
    record_id, survey = valid("survey_response", ids, form_id)
    results = sync_raw(d, [
        change(d, "session", session_id, dict(session, notes="Gloves\n\tand boots\r\n")),
        change(d, "session", other_id, dict(other, topic="Tool\nchange")),
        change(d, "survey_response", record_id, dict(survey, answers={"q1": "line one\nline two"})),
    ])["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert list(results[1]["errors"]) == ["topic"]


def test_answers_nested_deeper_than_allowed_are_that_changes_problem(device, ids, form_id):
    d = device("coord_a")
    record_id, survey = valid("survey_response", ids, form_id)
    deep = "x"
    for _ in range(200):
        deep = [deep]
    good_id, good = valid("session", ids, form_id)
    results = sync_raw(d, [change(d, "survey_response", record_id, dict(survey, answers={"q1": deep})),
                           change(d, "session", good_id, good)])["results"]
    assert results[0]["status"] == "rejected" and "answers" in results[0]["errors"]
    assert results[1]["status"] == "applied"


def test_bad_text_in_an_upsert_of_a_deleted_or_unknown_id_is_rejected(device, ids, form_id, in_db):
    d = device("coord_a")
    record_id, person = valid("participant", ids, form_id)
    d.sync([change(d, "participant", record_id, op="delete")])
    results = sync_raw(d, [change(d, "participant", record_id, dict(person, family_name="Beg\ud83di\x00c")),
                           change(d, "participant", str(uuid.uuid4()), op="delete",
                                  data={"programme_id": ids.a.programme, "note": "\ud800"})])["results"]
    assert [r["reason"] for r in results] == ["validation", "validation"], results


def test_a_code_with_bad_text_never_reaches_a_query(device, ids, form_id):
    d = device("coord_a")
    record_id, person = valid("participant", ids, form_id)
    results = sync_raw(d, [change(d, "participant", record_id, dict(person, code="A-\ud83d\x00"))])["results"]
    assert results[0]["reason"] == "validation" and list(results[0]["errors"]) == ["code"]


def _deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("path, method", [("/sync", "post"), ("/auth/token", "post"), ("/me", "patch"),
                                          ("/push/subscriptions", "post")])
def test_json_nested_deeper_than_the_parser_goes_is_a_whole_request_400(world, api, path, method):
    client = api("coord_a")
    body = '{"changes": [{"data": {"answers": ' + _deep_json(100000) + "}}]}"
    response = getattr(client, method)(path, data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    payload = response.get_json()
    assert payload["code"] == 400 and payload["errors"]["body"]


@pytest.mark.parametrize("body", ["{", '{"a": 1e999999}', '{"a": "\\ud83d', '{"a": ' + "9" * 5000 + "}"],
                         ids=["truncated", "infinite", "unterminated", "huge-int"])
def test_unparseable_sync_bodies_are_400_with_errors_body(world, api, body):
    response = api("coord_a").post("/sync", data=body, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["errors"]["body"]


@pytest.mark.parametrize("field, value", [("username", "coord_a\x00"), ("username", "co\ud83dord"),
                                          ("device_name", "Phone\x00"), ("device_name", "Phone\ud83d"),
                                          ("device_name", "Phone\x1b[31m"), ("password", "pa\x00ss")])
def test_sign_in_fields_with_bad_text_are_400_naming_the_field(client, world, field, value):
    body = {"username": "coord_a", "password": "correct-horse-9", "device_id": str(uuid.uuid4()),
            "device_name": "Phone", field: value}
    response = client.post("/api/v1/auth/token", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert field in response.get_json()["errors"]


def test_a_refused_change_leaves_nothing_behind(device, ids, form_id, in_db):
    """A refused change leaves nothing behind: the participant was never created."""
    d = device("coord_a")
    record_id, person = valid("participant", ids, form_id)
    sync_raw(d, [change(d, "participant", record_id, dict(person, given_name="\x00"))])
    assert in_db(lambda s: s.scalar(select(Participant).where(Participant.id == record_id))) is None
