"""Cohorts on the set-up pages: create, edit, close; a trainer's phone pulls them; closed, no new session."""
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from api.sync.server_write import server_write
from models import AuditLog, Cohort, Occupation, Organisation, TrainingSession, db
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401
from tests.sync.conftest import SyncDevice, change


def _post(client, url, page_url, **data):
    data["csrf_token"] = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data=data)


def _form(w, **changes):
    data = {"code": "a3", "name": "CNC spring intake", "occupation_id": w.occupation.id, "site_id": w.a.site.id,
            "starts_on": "2027-03-01", "ends_on": "2027-08-31", "capacity": "12", "trainer_ids": [w.a.trainer.id],
            "mentor_ids": []}
    data.update(changes)
    return data


def _new_session(phone, cohort_id, on="2027-03-10"):
    return change(phone, "session", str(uuid.uuid4()), {"cohort_id": cohort_id, "date": on, "duration_minutes": 120,
                                                       "kind": "training", "topic": "Reading drawings"})


def test_a_coordinator_creates_edits_and_closes_a_cohort_and_the_trainers_phone_follows(client, w, db_session, api):
    phone = SyncDevice(api("trainer_a"))
    phone.pull_all()
    sign_in(client, "coord_a")
    url = f"/admin/programmes/{w.a.programme.id}/cohorts"
    page = client.get(url).get_data(as_text=True)
    assert "New cohort" in page and w.a.trainer.display_name in page and w.b.trainer.display_name not in page
    response = _post(client, url, url, **_form(w))
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.rollback()
    cohort = db_session.scalar(select(Cohort).where(Cohort.code == "a3"))
    assert (cohort.capacity, cohort.starts_on, cohort.trainer_ids, cohort.closed_on) == (
        12, date(2027, 3, 1), [w.a.trainer.id], None)
    pulled = {(c["entity"], c["id"]): c["data"] for c in phone.pull_all()}
    assert pulled[("cohort", cohort.id)]["trainer_ids"] == [w.a.trainer.id]
    assert pulled[("cohort", cohort.id)]["closed_on"] is None

    # edit: capacity and a mentor; only what changed is written
    edit = f"{url}/{cohort.id}"
    response = _post(client, edit, edit, **_form(w, capacity="15", mentor_ids=[w.a.mentor.id]))
    assert response.status_code == 302
    db_session.rollback()
    assert (cohort.capacity, cohort.mentor_ids) == (15, [w.a.mentor.id])
    audit = db_session.scalars(select(AuditLog.detail).where(AuditLog.record_id == cohort.id)
                               .order_by(AuditLog.id)).all()[-1]
    assert sorted(audit["after"]) == ["capacity", "mentor_ids"]

    # a session before the close is accepted; after the close, a new one is refused naming cohort_id
    made = phone.sync([_new_session(phone, cohort.id)])["results"][0]
    assert made["status"] == "applied"
    response = _post(client, f"{edit}/close", edit)
    assert response.status_code == 302
    db_session.rollback()
    assert cohort.closed_on == date.today()
    assert phone.pull_all()[-1]["data"]["closed_on"] == date.today().isoformat()
    refused = phone.sync([_new_session(phone, cohort.id, on=date.today().isoformat())])["results"][0]
    assert refused["status"] == "rejected" and refused["reason"] == "validation"
    assert "closed" in refused["errors"]["cohort_id"][0]
    # a session held before the closing day is still recorded; the cohort's data stays reportable
    earlier = phone.sync([_new_session(phone, cohort.id, on="2026-11-20")])["results"][0]
    assert earlier["status"] == "applied"
    assert db_session.scalar(select(func.count()).select_from(TrainingSession).where(
        TrainingSession.cohort_id == cohort.id)) == 2
    assert "a3" in client.get(f"/review/{w.a.programme.id}/cohorts").get_data(as_text=True)
    # reopened, it takes sessions again
    assert _post(client, f"{edit}/close", edit, reopen="1").status_code == 302
    again = phone.sync([_new_session(phone, cohort.id, on=date.today().isoformat())])["results"][0]
    assert again["status"] == "applied"


def _other_organisations_trade(db_session):
    other = Organisation(name="Another organisation")
    db_session.add(other)
    db_session.flush()
    trade = Occupation(organisation_id=other.id, code="other-trade", name="Other trade")
    db_session.add(trade)
    db_session.commit()
    return trade.id


def _b_own_trade(w, db_session):
    copy = server_write(db.session, w.b.coordinator, "occupation", None, {
        "organisation_id": w.org.id, "programme_id": w.b.programme.id, "code": "cnc.b", "name": "CNC (B)",
        "rubric": w.occupation.rubric_levels})
    db_session.commit()
    return copy.id


@pytest.mark.parametrize("changes, field, message", [
    ({"code": "a1"}, "code", "Another cohort of this programme has this code."),
    ({"ends_on": "2027-01-01"}, "ends_on", "The end date is before the start date."),
    ({"trainer_ids": ["TRAINER_B"]}, "trainer_ids", "Not a trainer of this programme"),
    ({"capacity": "0"}, "capacity", "The capacity must be a whole number from 1 to 100000."),
    ({"capacity": "many"}, "capacity", "Not a whole number."),
    ({"occupation_id": "OTHER_ORG"}, "occupation_id", "This trade is not one of the programme&#39;s organisation."),
    ({"occupation_id": "B_OWN"}, "occupation_id", "You do not have access to this record."),
    ({"site_id": "B_SITE"}, "site_id", "You do not have access to this record."),
    ({"starts_on": "03/01/2027"}, "starts_on", "Not a valid date (YYYY-MM-DD)."),
])
def test_bad_cohorts_are_refused_with_the_field_named_and_nothing_written(client, w, db_session, changes, field,
                                                                        message):
    values = {"TRAINER_B": w.b.trainer.id, "B_SITE": w.b.site.id}
    if changes.get("occupation_id") == "OTHER_ORG":
        values["OTHER_ORG"] = _other_organisations_trade(db_session)
    if changes.get("occupation_id") == "B_OWN":
        values["B_OWN"] = _b_own_trade(w, db_session)
    changes = {k: ([values.get(i, i) for i in v] if isinstance(v, list) else values.get(v, v))
               for k, v in changes.items()}
    count = db_session.scalar(select(func.count()).select_from(Cohort))
    sign_in(client, "coord_a")
    url = f"/admin/programmes/{w.a.programme.id}/cohorts"
    response = _post(client, url, url, **_form(w, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(Cohort)) == count
    # the same on an existing cohort: nothing of the edit is written
    edit = f"{url}/{w.a.other_cohort.id}"
    version = w.a.other_cohort.version
    response = _post(client, edit, edit, **_form(w, **{**changes, "code": changes.get("code", "a2"),
                                                       "name": "Renamed?"}))
    assert response.status_code == 400
    db_session.rollback()
    assert (w.a.other_cohort.version, w.a.other_cohort.name) == (version, "Cohort A2")


def test_a_cohort_uses_a_shared_trade_or_the_programmes_own_never_another_programmes(client, w, db_session):
    b_own = _b_own_trade(w, db_session)
    a_own = server_write(db.session, w.a.coordinator, "occupation", None, {
        "organisation_id": w.org.id, "programme_id": w.a.programme.id, "code": "cnc.a", "name": "CNC (A)",
        "rubric": w.occupation.rubric_levels}).id
    db_session.commit()
    sign_in(client, "admin")  # the admin reads both programmes: the rule, not the scope, refuses
    url = f"/admin/programmes/{w.a.programme.id}/cohorts"
    page = client.get(url).get_data(as_text=True)
    assert a_own in page and b_own not in page
    response = _post(client, url, url, **_form(w, occupation_id=b_own))
    assert response.status_code == 400 and "This trade is another programme&#39;s own." in response.get_data(
        as_text=True)
    assert _post(client, url, url, **_form(w, occupation_id=a_own)).status_code == 302
    db_session.rollback()
    assert db_session.scalar(select(Cohort.occupation_id).where(Cohort.code == "a3")) == a_own
