"""One write path: a value a phone may not write, a coordinator's conflict resolution may not write either.

``BAD_VALUES`` holds, for every writable field of every entity phones write,
values that break a field type or a cross-record rule (out of range, wrong
type, another programme's id, an id that does not exist, beyond the
session's duration, beyond the rubric). Each goes once through
``POST /api/v1/sync`` and once through the conflict page's "take the other
value": both refuse it (the page with a form error and a 400), and nothing
changes. A writable field with no entry fails ``test_every_writable_field_has_bad_values``.
"""
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from api.sync.serialize import wire_value
from models import SYNCED_MODELS, ChangeLog, Conflict, SurveyForm, db
from tests.factories import add
from tests.review_fixtures import csrf_from, make_assessment, make_attendance, make_conflict, make_outcome, sign_in
from tests.review_fixtures import w  # noqa: F401
from tests.sync.conftest import SyncDevice

NOWHERE = str(uuid.UUID(int=7))
PHONE_ENTITIES = ("participant", "session", "attendance", "assessment", "mentoring_goal", "outcome",
                  "survey_response", "handover_note")

# (entity, field) → bad values; a str starting with "@" names a world object (resolved per test)
BAD_VALUES = {
    ("participant", "programme_id"): ["@b.programme", NOWHERE, 5],
    ("participant", "cohort_id"): ["@b.cohort", NOWHERE, "not-an-id", 5],
    ("participant", "code"): ["", "x" * 500, 12],
    ("participant", "given_name"): ["x" * 500, 5, ["a"]],
    ("participant", "family_name"): ["x" * 500, 5],
    ("participant", "gender"): ["robot", 1],
    ("participant", "birth_year"): [1800, 2 ** 70, "1999", 1999.5],
    ("participant", "target_groups"): [["pirates"], "neet", [1]],
    ("participant", "consent_on"): ["2026-13-45", 5, "yesterday"],
    ("participant", "enrolled_on"): ["2026-02-30", 20260101],
    ("participant", "exited_on"): ["2000-01-01", "soon"],
    ("participant", "exit_reason"): ["x" * 5000, 5, "found a job"],  # the last: no exit date
    ("session", "cohort_id"): ["@b.cohort", "@a.other_cohort", NOWHERE],
    ("session", "date"): ["not a date", 5],
    ("session", "start_time"): ["25:99", 900],
    ("session", "duration_minutes"): [0, 100_000, -5, "60"],
    ("session", "kind"): ["party", None],
    ("session", "topic"): ["x" * 1000, 7, None],
    ("session", "notes"): [7, "x" * 100_000],
    ("session", "location"): [{"lat": 999, "lon": 0}, "here", {"lat": "a", "lon": "b"}],
    ("session", "mentee_ids"): [[NOWHERE], "x", [5], []],  # a cohort session never names mentees
    ("attendance", "session_id"): ["@b.session", NOWHERE],
    ("attendance", "participant_id"): ["@b.participants.0", "@a.participants.1", NOWHERE],
    ("attendance", "status"): ["sleeping", None, 1],
    ("attendance", "minutes"): [1400, 241, -1, 2 ** 70, "30"],  # the session lasts 240 minutes
    ("attendance", "note"): [5, "x" * 100_000],
    ("assessment", "participant_id"): ["@a.participants.1", "@b.participants.0", NOWHERE],
    ("assessment", "skill_id"): [NOWHERE, "nope", 3],
    ("assessment", "level"): [9, 5, -1, 2 ** 70, "2"],  # the rubric goes 0–4
    ("assessment", "assessed_on"): ["x", 5, None],
    ("assessment", "session_id"): ["@b.session", NOWHERE],
    ("assessment", "note"): [5, "x" * 100_000],
    ("mentoring_goal", "participant_id"): ["@a.participants.0", "@b.outsider", NOWHERE],
    ("mentoring_goal", "mentor_id"): ["@a.trainer", "@b.mentor", NOWHERE],
    ("mentoring_goal", "title"): ["", 5, "x" * 1000],
    ("mentoring_goal", "status"): ["zzz", None],
    ("mentoring_goal", "due_on"): ["1990-01-01", "x"],
    ("mentoring_goal", "notes"): [5, "x" * 100_000],
    ("outcome", "participant_id"): ["@a.participants.1", "@b.participants.0", NOWHERE],
    ("outcome", "kind"): ["astronaut", None],
    ("outcome", "site_id"): ["@b.site", NOWHERE],
    ("outcome", "employer_name"): ["", 5, "x" * 1000],  # "": no site either
    ("outcome", "started_on"): ["x", None],
    ("outcome", "contract"): ["forever", 3],
    ("outcome", "verified"): ["maybe", 2],
    ("survey_response", "form_id"): ["@b.form", NOWHERE],
    ("survey_response", "form_version"): [99, "1", -1],
    ("survey_response", "participant_id"): ["@b.participants.0", NOWHERE],
    ("survey_response", "site_id"): ["@b.site", NOWHERE],
    ("survey_response", "answers"): [{"not_a_question": 1}, [1, 2], "yes"],
    ("survey_response", "collected_on"): ["x", None],
    ("survey_response", "location"): [{"lat": "a", "lon": 0}, "there"],
    ("handover_note", "participant_id"): ["@a.participants.1", "@b.participants.0", NOWHERE],
    ("handover_note", "goal_id"): ["@a.goal", "@b.goal", NOWHERE, 5],  # @a.goal: another person's
    ("handover_note", "written_on"): ["x", None, "1900-01-01"],
    ("handover_note", "note"): ["", 5, None, "x" * 100_000],
}


def test_every_writable_field_has_bad_values():
    missing = [(entity, name) for entity in PHONE_ENTITIES for name in SYNCED_MODELS[entity].writable_fields
               if not BAD_VALUES.get((entity, name))]
    assert not missing, f"add bad values for {missing}"


def _form(programme):
    return add(SurveyForm(programme_id=programme.id, code="visit", form_version=1, title="Employer visit",
                          labels={}, questions=[{"id": "q1", "type": "text", "label": "How did it go?"}]))


def _records(w):
    a = w.a
    w.a.form, w.b.form = _form(w.a.programme), _form(w.b.programme)
    from models import HandoverNote, SurveyResponse

    response = add(SurveyResponse(programme_id=a.programme.id, cohort_id=a.cohort.id, form_id=w.a.form.id,
                                  form_version=1, participant_id=a.participants[0].id, answers={"q1": "good"},
                                  collected_on=date(2026, 11, 3)))
    return {
        "participant": a.participants[0], "session": a.session,
        "attendance": make_attendance(a.session, a.participants[0], "present", minutes=200),
        "assessment": make_assessment(a.participants[0], w.skills[0], 2, date(2026, 11, 2)),
        "mentoring_goal": a.goal, "outcome": make_outcome(a.participants[0]), "survey_response": response,
        "handover_note": add(HandoverNote(programme_id=a.programme.id, cohort_id=a.cohort.id,
                                          participant_id=a.participants[0].id, written_on=date(2026, 11, 3),
                                          note="First visit")),
    }


def _resolve_value(w, value):
    if isinstance(value, str) and value.startswith("@"):
        target = w
        for part in value[1:].split("."):
            target = target[int(part)] if part.isdigit() else getattr(target, part)
        return target.id
    return value


def _snapshot(record):
    db.session.refresh(record)
    return {name: wire_value(getattr(record, name)) for name in record.writable_fields}, record.version


@pytest.mark.parametrize("entity, field", sorted(BAD_VALUES))
def test_bad_values_are_refused_by_sync_and_by_conflict_resolution(client, api, w, db_session, entity, field):
    record = _records(w)[entity]
    db_session.commit()
    phone = SyncDevice(api("coord_a"))
    sign_in(client, "coord_a")
    token = csrf_from(client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True))
    for raw in BAD_VALUES[(entity, field)]:
        value = _resolve_value(w, raw)
        before = _snapshot(record)
        payload = phone.sync([phone.change(entity, record.id, {field: value}, base_version=record.version)])
        result = payload["results"][0]
        assert result["status"] == "rejected", (field, raw, result)
        assert result["reason"] in ("validation", "forbidden"), result
        assert _snapshot(record) == before, (field, raw)

        conflict = make_conflict(record, field, before[0][field], value)
        db_session.commit()
        response = client.post(f"/review/{w.a.programme.id}/conflicts/{conflict.id}/resolve",
                               data={"choice": "other", "csrf_token": token})
        assert response.status_code == 400, (field, raw, response.status_code)
        assert '<span class="error" role="alert">' in response.get_data(as_text=True), (field, raw)
        db_session.expire_all()
        assert _snapshot(record) == before, (field, raw)
        assert db_session.get(Conflict, conflict.id).resolved_at is None
        assert db_session.scalar(select(ChangeLog.seq).where(ChangeLog.record_id == record.id)
                                 .order_by(ChangeLog.seq.desc()).limit(1)) == before[1]
