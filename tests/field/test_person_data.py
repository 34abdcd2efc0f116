"""A person's data on request (issue 13): export one participant, erase one through the page, and the
erasure reaching a phone that was offline during it; the erased fields locked against a phone's push."""
import json
import uuid
from datetime import date, datetime, timezone
from urllib.parse import quote

from flask import g
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from api.sync.changes import record_change
from api.sync.erased import PLACEHOLDER, pseudonym
from api.sync.erasure import erase_participant
from api.sync.server_write import server_write
from models import (AppliedMutation, AuditLog, ChangeLog, Conflict, Participant, Review, SurveyForm, SurveyResponse,
                    TrainingSession, db)
from reports.period import Period
from reports.tables import indicator_tables
from tests.factories import add, make_session
from tests.review_fixtures import (csrf_from, make_assessment, make_attendance, make_conflict, make_outcome,  # noqa: F401
                                   sign_in, w)

GIVEN, FAMILY, OLD_FAMILY = "Amra", "Čaušević", "Hodžić"


def _pull_all(device, cursor=None):
    changes = []
    while True:
        body = device.post("/sync", json={"device_id": device.device_id, "schema_version": 1, "cursor": cursor,
                                          "changes": [], "pull_limit": 1000}).get_json()
        changes.extend(body["changes"])
        cursor = body["cursor"]
        if not body["more"]:
            return changes, cursor


def _push(device, cursor, changes):
    body = device.post("/sync", json={"device_id": device.device_id, "schema_version": 1, "cursor": cursor,
                                      "changes": changes, "pull_limit": 1000})
    assert body.status_code == 200, body.get_json()
    return body.get_json()


def _change(device, entity, record_id, data, base_version=None):
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id, "op": "upsert", "data": data,
            "hlc": f"{now}_0000_{device.device_id}", "base_version": base_version}


def _person_with_records(w):
    """Participant A-001 renamed to a real-looking name (its old family name stays in the audit's "before"),
    with notes, a job, a survey answer, a group session note naming them, a flag and a conflict."""
    person = w.a.participants[0]
    server_write(db.session, w.a.coordinator, "participant", person.id,
                 {"given_name": GIVEN, "family_name": OLD_FAMILY, "exit_reason": "Moved to Bihać",
                  "exited_on": "2026-11-20"})
    server_write(db.session, w.a.coordinator, "participant", person.id, {"family_name": FAMILY})
    session = w.a.session
    session.notes = f"{GIVEN} {FAMILY} helped {w.a.participants[1].given_name}; {GIVEN} was late."
    record_change(db.session, session)
    attendance = make_attendance(session, person, "late", note=f"{GIVEN} came by bus", by=w.a.trainer)
    other_attendance = make_attendance(session, w.a.participants[1], "present", note="on time")
    assessment = make_assessment(person, w.skills[0], 2, date(2026, 11, 2))
    assessment.note = "Needs glasses, says Amra"
    record_change(db.session, assessment)
    outcome = make_outcome(person, employer_name="Pekara Čaušević")
    handover = server_write(db.session, w.a.coordinator, "handover_note", None, {
        "participant_id": person.id, "written_on": "2026-11-04", "note": f"{GIVEN} wants to weld.\nCall 061 222 333"})
    form = add(SurveyForm(programme_id=w.a.programme.id, code="fb", form_version=1, title="Feedback", questions=[
        {"id": "rating", "type": "choice", "label": "Rating"}, {"id": "improve", "type": "text", "label": "Improve"}]))
    response = add(SurveyResponse(programme_id=w.a.programme.id, cohort_id=person.cohort_id, form_id=form.id,
                                  form_version=1, participant_id=person.id, collected_on=date(2026, 11, 3),
                                  answers={"rating": "good", "improve": f"I am {GIVEN}, call me on 061 222 333"}))
    db.session.add(Review(record_entity="attendance", record_id=attendance.id, record_version=attendance.version,
                          programme_id=w.a.programme.id, cohort_id=person.cohort_id, participant_id=person.id,
                          status="flagged", comment=f"Was {GIVEN} really late?", reviewer_id=w.a.coordinator.id))
    db.session.flush()
    make_conflict(person, "given_name", GIVEN, "Amira", kept_by=w.a.coordinator, other_by=w.a.trainer)
    make_conflict(session, "notes", session.notes, f"{GIVEN} absent", kept_by=w.a.trainer, other_by=w.a.trainer)
    db.session.commit()
    return dict(person=person, attendance=attendance, other_attendance=other_attendance, assessment=assessment,
                outcome=outcome, response=response, form=form, handover=handover)


def test_export_of_one_person_contains_their_records_only(client, w, db_session):
    r = _person_with_records(w)
    person = r["person"]
    sign_in(client, "coord_a")
    profile = client.get(f"/review/{w.a.programme.id}/participants/{person.id}")
    assert 'id="export-person"' in profile.get_data(as_text=True)
    response = client.get(f"/review/{w.a.programme.id}/participants/{person.id}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Content-Type"].startswith("application/json")
    doc = json.loads(response.get_data(as_text=True))
    assert doc["format"] == "field-mentor/person-export" and doc["format_version"] == 1
    assert doc["participant"]["id"] == person.id and doc["participant"]["family_name"] == FAMILY
    assert doc["cohort"]["code"] == w.a.cohort.code
    assert [a["id"] for a in doc["attendance"]] == [r["attendance"].id]
    assert doc["attendance"][0]["note"] == f"{GIVEN} came by bus"
    assert doc["attendance"][0]["session"]["topic"] == w.a.session.topic
    assert [a["id"] for a in doc["assessments"]] == [r["assessment"].id]
    assert doc["outcomes"][0]["employer_name"] == "Pekara Čaušević"
    assert [h["id"] for h in doc["handover_notes"]] == [r["handover"].id]
    assert doc["survey_responses"][0]["answers"]["rating"] == "good"
    assert doc["reviews"][0]["comment"] == f"Was {GIVEN} really late?"
    assert {c["field"] for c in doc["conflicts"]} == {"given_name"}
    assert any(e["record_id"] == person.id for e in doc["change_log"])
    actions = {(a["action"], a["user"]["name"] if a["user"] else None) for a in doc["audit"]}
    assert ("read", w.a.coordinator.display_name) in actions  # the profile just opened
    assert doc["counts"]["attendance"] == 1
    text = response.get_data(as_text=True)
    for other in (w.a.participants[1], w.a.participants[2], w.a.outsider):
        assert other.id not in text and other.code not in text
    assert r["other_attendance"].id not in text
    exported = db.session.scalars(select(AuditLog).where(AuditLog.action == "export_person")).all()
    assert [(e.record_id, e.user_id) for e in exported] == [(person.id, w.a.coordinator.id)]


def _db_text(session, *models):
    rows = []
    for model in models:
        for row in session.scalars(select(model)):
            rows.append({c: getattr(row, c) for c in model.__table__.columns.keys()})
    return json.dumps(rows, default=str, ensure_ascii=False)


def test_erasure_through_the_page_reaches_an_offline_phone_and_locks_the_fields(client, w, db_session, api):
    r = _person_with_records(w)
    person, attendance = r["person"], r["attendance"]
    phone = api("trainer_a")
    before, cursor = _pull_all(phone)  # the phone holds the person, then goes offline
    held = {c["id"]: c for c in before}
    assert held[person.id]["data"]["given_name"] == GIVEN and held[person.id]["data"]["erased_at"] is None
    period = Period(programme_id=w.a.programme.id)
    now = datetime.now(timezone.utc)
    tables_before = {k: f() for k, f in indicator_tables(db.session, w.a.programme, period, now).items()}
    g.pop("_login_user", None)

    sign_in(client, "coord_a")
    base = f"/review/{w.a.programme.id}/participants/{person.id}"
    page = client.get(base + "/erase")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "This cannot be undone." in html and pseudonym(person.id) in html
    refused = client.post(base + "/erase", data={"csrf_token": csrf_from(html)})
    assert refused.status_code == 400 and db.session.get(Participant, person.id).erased_at is None
    done = client.post(base + "/erase", data={"csrf_token": csrf_from(html), "confirm": "yes"})
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    g.pop("_login_user", None)

    db.session.expire_all()
    erased = db.session.get(Participant, person.id)
    assert erased.erased_at is not None and erased.code == pseudonym(person.id)
    assert (erased.given_name, erased.family_name, erased.exit_reason) == (PLACEHOLDER, PLACEHOLDER, None)
    assert (erased.gender, erased.birth_year, erased.target_groups) == ("female", 1999, ["neet"])
    # nothing the server keeps still holds the name: records, group notes, reviews, conflicts, audit details
    for name in (GIVEN, FAMILY, OLD_FAMILY, "Pekara", "061 222 333", "Bihać", "Amira"):
        stored = _db_text(db.session, Participant, TrainingSession, Review, Conflict, AuditLog, SurveyResponse,
                          ChangeLog, AppliedMutation, type(attendance), type(r["assessment"]), type(r["outcome"]),
                          type(r["handover"]))
        assert name not in stored, name
    assert db.session.get(SurveyResponse, r["response"].id).answers == {"rating": "good"}
    assert w.a.participants[1].given_name in db.session.get(TrainingSession, w.a.session.id).notes
    assert db.session.get(type(r["other_attendance"]), r["other_attendance"].id).note == "on time"
    erasure = db.session.scalars(select(AuditLog).where(AuditLog.action == "erase_participant")).one()
    assert (erasure.user_id, erasure.record_id, erasure.programme_id) == (w.a.coordinator.id, person.id,
                                                                           w.a.programme.id)
    tables_after = {k: f() for k, f in indicator_tables(db.session, w.a.programme, period, now).items()}
    assert tables_after == tables_before

    # the phone comes back online: the erasure arrives by an ordinary pull
    after, cursor = _pull_all(phone, cursor)
    got = {c["id"]: c["data"] for c in after}
    assert got[person.id]["given_name"] == PLACEHOLDER and got[person.id]["code"] == pseudonym(person.id)
    assert got[person.id]["erased_at"]
    assert got[attendance.id]["note"] is None and got[r["assessment"].id]["note"] is None
    assert got[r["handover"].id]["note"] == PLACEHOLDER  # a mentor's dated handover entry about them
    assert GIVEN not in got[w.a.session.id]["notes"]
    assert GIVEN not in json.dumps(after, ensure_ascii=False) and FAMILY not in json.dumps(after, ensure_ascii=False)

    # its queued edits that would bring personal data back are refused, others still apply
    results = _push(phone, cursor, [
        _change(phone, "participant", person.id, {"given_name": GIVEN, "family_name": FAMILY}),
        _change(phone, "attendance", attendance.id, {"note": f"{GIVEN} again"}),
        _change(phone, "attendance", attendance.id, {"status": "present"}),
        _change(phone, "participant", person.id, {"code": "A-001"}),
    ])["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected", "applied", "rejected"]
    assert {x.get("reason") for x in results if x["status"] == "rejected"} == {"erased"}
    assert set(results[0]["errors"]) == {"given_name", "family_name"}
    db.session.expire_all()
    assert db.session.get(Participant, person.id).given_name == PLACEHOLDER


def test_erasure_counts_stay_and_second_erasure_changes_nothing(w, db_session):
    r = _person_with_records(w)
    counts = erase_participant(db.session, w.a.coordinator, r["person"])
    db.session.commit()
    assert counts["participant"] == 1 and counts["attendance"] == 1 and counts["session"] == 1
    version = db.session.get(Participant, r["person"].id).version
    assert erase_participant(db.session, w.a.coordinator, r["person"]).get("participant") is None
    db.session.commit()
    assert db.session.get(Participant, r["person"].id).version == version


def test_another_programme_and_other_roles_are_refused(app, client, w, db_session):
    person = w.a.participants[0]
    paths = [f"/review/{w.a.programme.id}/participants/{person.id}/export.json",
             f"/review/{w.a.programme.id}/participants/{person.id}/erase"]
    sign_in(client, "coord_b")
    for path in paths:
        assert client.get(path).status_code == 404
    assert client.post(paths[1], data={"confirm": "yes"}).status_code in (400, 404)  # CSRF or scope
    page = client.get(f"/review/{w.b.programme.id}/participants/{w.b.participants[0].id}/erase").get_data(as_text=True)
    wrong = client.post(f"/review/{w.b.programme.id}/participants/{person.id}/erase",
                        data={"confirm": "yes", "csrf_token": csrf_from(page)})
    assert wrong.status_code == 404
    assert client.get(f"/review/{w.b.programme.id}/participants/{person.id}/export.json").status_code == 404
    g.pop("_login_user", None)
    trainer = sign_in(app.test_client(), "trainer_a")
    for path in paths:
        assert trainer.get(path).status_code == 403
    db.session.expire_all()
    assert db.session.get(Participant, person.id).erased_at is None
    assert not db.session.scalars(select(AuditLog).where(AuditLog.action.in_(("export_person",
                                                                              "erase_participant")))).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.text(max_size=80), st.uuids().map(str), st.sampled_from(["", "%00", "0" * 5000, "\x00"])),
       which=st.sampled_from(["a", "b"]), action=st.sampled_from(["export.json", "erase", "erase-post"]))
def test_garbage_and_foreign_ids_never_5xx(client, w, db_session, raw, which, action):
    if not getattr(client, "_signed", False):
        sign_in(client, "coord_a")
        client._signed = True
    programme = getattr(w, which).programme.id
    ident = quote(raw, safe="") or "x"
    if which == "b":
        ident = w.b.participants[0].id if raw.startswith("0") else ident
    path = f"/review/{programme}/participants/{ident}/" + ("erase" if action != "export.json" else action)
    response = client.post(path, data={"confirm": "yes"}) if action == "erase-post" else client.get(path)
    assert response.status_code < 500
    assert response.status_code in (400, 404)


_TEXT = st.one_of(st.text(max_size=130), st.sampled_from([PLACEHOLDER, "", "Amra", "X-000000000000"]), st.none(),
                  st.integers(), st.lists(st.text(max_size=3), max_size=2))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["given_name", "family_name", "code", "exit_reason"]), value=_TEXT)
def test_a_phone_never_writes_personal_data_back_onto_an_erased_person(w, db_session, api, field, value):
    person = w.a.participants[0]
    if db.session.get(Participant, person.id).erased_at is None:
        erase_participant(db.session, w.a.coordinator, person)
        db.session.commit()
    if not hasattr(w, "phone"):
        w.phone = api("trainer_a")
    data = {field: value}
    if field == "exit_reason":
        data["exited_on"] = "2026-11-30"
    result = _push(w.phone, None, [_change(w.phone, "participant", person.id, data)])["results"][0]
    db.session.expire_all()
    stored = db.session.get(Participant, person.id)
    erased_value = pseudonym(person.id) if field == "code" else PLACEHOLDER
    if result["status"] == "rejected":
        assert result["reason"] in ("erased", "validation") and field in result["errors"]
    harmless = (None, "", PLACEHOLDER) if field == "exit_reason" else (erased_value,)  # empty says nothing
    assert getattr(stored, field) in harmless
    assert (stored.given_name, stored.family_name, stored.code) == (PLACEHOLDER, PLACEHOLDER, pseudonym(person.id))


def test_a_closed_programme_takes_the_erasure(w, db_session):
    r = _person_with_records(w)
    w.a.programme.closed_on = date(2026, 11, 25)
    db.session.commit()
    counts = erase_participant(db.session, w.a.coordinator, r["person"])
    db.session.commit()
    assert counts["participant"] == 1 and counts["attendance"] == 1
    assert db.session.get(Participant, r["person"].id).given_name == PLACEHOLDER
