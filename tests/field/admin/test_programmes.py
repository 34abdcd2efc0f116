"""The programme set-up pages over HTTP: create and edit, who may, bad input, closing, targets with a period."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from api.sync.hlc import format_time
from models import AuditLog, Programme, db
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401
from tests.sync.conftest import SyncDevice, change


def _as(client, username):
    with client.session_transaction() as session:
        session.clear()
    return sign_in(client, username)


def _post(client, path, data, page=None):
    token = csrf_from(client.get(page or path).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


def _new(code="koszeg-pact", **extra):
    return {"name": "Kőszeg employment pact", "code": code, "donor": "EU ESF+", "starts_on": "2026-01-01",
            "ends_on": "2028-12-31", "default_locale": "hu", **extra}


def _settings(programme, **extra):
    form = {"name": programme.name, "code": programme.code, "donor": programme.donor, "starts_on": "",
            "ends_on": "", "default_locale": "en", "competent_level": "3", "follow_up_months": "3, 6, 12",
            "retention_days": "180", "photo_max_px": "1600", "photo_quality": "80", "target.participants": "20",
            "target.jobs": "5"}
    form.update(extra)
    return form


def _fresh(programme_id):
    db.session.expire_all()
    return db.session.get(Programme, programme_id)


def test_an_admin_creates_a_programme_and_edits_its_settings(client, w):
    sign_in(client, "admin")
    listing = client.get("/admin/programmes")
    assert listing.status_code == 200 and "Programme A" in listing.get_data(as_text=True)
    created = _post(client, "/admin/programmes", {**_new(), "languages": ["hu", "en"]})
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    programme = db.session.scalar(select(Programme).where(Programme.code == "koszeg-pact"))
    assert (programme.organisation_id, programme.default_locale, sorted(programme.languages)) == (
        w.org.id, "hu", ["en", "hu"])
    assert (programme.follow_up_months, programme.retention_days, programme.photo_max_px,
            programme.photo_quality, programme.closed_on) == ([3, 6, 12], 180, 1600, 80, None)
    assert created.headers["Location"].endswith(f"/admin/programmes/{programme.id}")
    page = client.get(f"/admin/programmes/{programme.id}")
    assert page.status_code == 200 and "Kőszeg employment pact" in page.get_data(as_text=True)
    saved = _post(client, f"/admin/programmes/{programme.id}", _settings(
        programme, default_locale="hu", languages=["hu"], **{
            "follow_up_months": "1, 6", "retention_days": "90", "photo_max_px": "1200", "photo_quality": "70",
            "target.jobs": "30", "target.jobs.from": "2026-01-01", "target.jobs.to": "2026-12-31"}))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    programme = _fresh(programme.id)
    assert programme.targets == {"participants": 20, "jobs": {"value": 30, "from": "2026-01-01",
                                                               "to": "2026-12-31"}}
    assert (programme.follow_up_months, programme.retention_days, programme.photo_max_px,
            programme.photo_quality) == ([1, 6], 90, 1200, 70)
    audit = db.session.scalars(select(AuditLog.detail).where(AuditLog.record_id == programme.id)).all()
    assert len(audit) == 2 and audit[-1]["before"]["retention_days"] == 180


def test_a_coordinator_edits_the_settings_and_targets_of_their_programme_only(client, w):
    sign_in(client, "coord_a")
    saved = _post(client, f"/admin/programmes/{w.a.programme.id}", _settings(w.a.programme, **{
        "target.women": "12", "competent_level": "4"}))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    assert _fresh(w.a.programme.id).targets["women"] == 12
    assert _fresh(w.a.programme.id).competent_level == 4
    b_before = _fresh(w.b.programme.id).version
    assert client.get(f"/admin/programmes/{w.b.programme.id}").status_code == 404
    assert client.post(f"/admin/programmes/{w.b.programme.id}", data=_settings(w.b.programme)).status_code in (
        400, 404)
    assert _fresh(w.b.programme.id).version == b_before
    # the organisation's pages are the admins'
    assert client.get("/admin/programmes").status_code == 403
    token = csrf_from(client.get(f"/admin/programmes/{w.a.programme.id}").get_data(as_text=True))
    assert client.post("/admin/programmes", data={**_new(), "csrf_token": token}).status_code == 403
    assert client.post(f"/admin/programmes/{w.a.programme.id}/close",
                       data={"closed_on": "2026-01-01", "csrf_token": token}).status_code == 403
    assert db.session.scalar(select(Programme).where(Programme.code == "koszeg-pact")) is None
    assert _fresh(w.a.programme.id).closed_on is None


@pytest.mark.parametrize("username", ["trainer_a", "mentor_a", "coord_b"])
def test_the_scope_matrix_of_the_programme_pages(client, w, username):
    """Trainers, mentors and another programme's coordinator: every page and action refused, nothing changed."""
    sign_in(client, username)
    a = w.a.programme.id
    before = (_fresh(a).version, db.session.scalar(select(func.count()).select_from(Programme)))
    expected = 404 if username == "coord_b" else 403
    assert client.get("/admin/programmes").status_code == 403
    assert client.get(f"/admin/programmes/{a}").status_code == expected
    with client.session_transaction() as session:
        token = session.get("csrf_token")
    for path, data in (("/admin/programmes", _new()), (f"/admin/programmes/{a}", _settings(w.a.programme)),
                       (f"/admin/programmes/{a}/close", {"closed_on": "2026-01-01"})):
        response = client.post(path, data={**data, "csrf_token": token or ""})
        assert response.status_code in (400, 403, 404), (path, response.status_code)
    assert (_fresh(a).version, db.session.scalar(select(func.count()).select_from(Programme))) == before


@pytest.mark.parametrize("form, field", [
    (_new(code="prog-a"), "Another programme has this code."),
    (_new(starts_on="2027-01-01", ends_on="2026-01-01"), "The end date is before the start date."),
    (_new(default_locale="de", languages=["hu", "en"]), "The default language must be one of the languages offered."),
    (_new(default_locale="xx"), "Must be one of"),
    (_new(code="Bad Code"), "Use small letters"),
])
def test_a_bad_new_programme_is_refused_with_the_field_named(client, w, form, field):
    sign_in(client, "admin")
    count = db.session.scalar(select(func.count()).select_from(Programme))
    response = _post(client, "/admin/programmes", form)
    assert response.status_code == 400
    assert field in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Programme)) == count


@pytest.mark.parametrize("extra, message", [
    ({"competent_level": "7"}, "has levels up to 4 only"),
    ({"target.jobs": "x"}, "Not a whole number."),
    ({"target.jobs.from": "2026-06-01", "target.jobs.to": "2026-01-01"}, "ends before it starts"),
    ({"follow_up_months": "6, 3"}, "increasing order"),
    ({"follow_up_months": "three"}, "Give whole numbers"),
    ({"retention_days": "0"}, "1 to 3650 days"),
    ({"photo_quality": "101"}, "30 to 100"),
    ({"code": "prog-b"}, "Another programme has this code."),
])
def test_bad_settings_are_refused_and_nothing_is_written(client, w, extra, message):
    sign_in(client, "coord_a")
    before = _fresh(w.a.programme.id).version
    response = _post(client, f"/admin/programmes/{w.a.programme.id}", _settings(w.a.programme, **extra))
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _fresh(w.a.programme.id).version == before


def test_a_target_for_an_indicator_the_dashboard_does_not_measure_is_refused(app, w):
    from api.sync.server_write import server_write
    from api.sync.validate import Rejection

    with pytest.raises(Rejection) as refused:
        server_write(db.session, w.admin, "programme", w.a.programme.id, {"targets": {"happiness": 3}})
    db.session.rollback()
    assert "targets" in refused.value.errors


def _hlc(moment: datetime, device_id: str) -> str:
    return f"{format_time(moment)}_0000_{device_id}"


def test_closing_refuses_later_changes_keeps_earlier_ones_and_stays_reportable(client, api, w):
    today = date.today()
    sign_in(client, "admin")
    closed = _post(client, f"/admin/programmes/{w.a.programme.id}/close", {"closed_on": today.isoformat()},
                   page=f"/admin/programmes/{w.a.programme.id}")
    assert closed.status_code == 302
    assert _fresh(w.a.programme.id).closed_on == today
    # set-up edits are refused with a clear error, for the coordinator and the admin alike
    _as(client, "coord_a")
    refused = _post(client, f"/admin/programmes/{w.a.programme.id}", _settings(w.a.programme, name="Renamed"))
    assert refused.status_code == 400 and "closed on" in refused.get_data(as_text=True)
    refused_site = _post(client, f"/admin/programmes/{w.a.programme.id}/sites", {"name": "Late site"})
    assert refused_site.status_code == 400 and "closed on" in refused_site.get_data(as_text=True)
    assert _fresh(w.a.programme.id).name == "Programme A"
    # still reportable: review, indicators, exports
    for path in ("/feed", "/indicators", "/participants", "/cohorts"):
        assert client.get(f"/review/{w.a.programme.id}{path}").status_code == 200, path
    export = client.get(f"/review/{w.a.programme.id}/exports/indicators-targets.csv")
    assert export.status_code == 200 and b"participants" in export.data
    # a phone: a change recorded before the close is accepted, one recorded after is refused
    phone = SyncDevice(api("trainer_a"))
    participant = w.a.participants[0]
    earlier = change(phone, "participant", participant.id, {"given_name": "Before"},
                     at=_hlc(datetime.combine(today, datetime.min.time(), timezone.utc) - timedelta(hours=1),
                             phone.device_id))
    later = change(phone, "participant", participant.id, {"family_name": "After"},
                   at=_hlc(datetime.now(timezone.utc), phone.device_id))
    results = phone.sync([earlier, later])["results"]
    assert results[0]["status"] == "applied", results[0]
    assert results[1]["status"] == "rejected" and results[1]["reason"] == "read_only", results[1]
    assert "closed on" in results[1]["errors"]["programme_id"][0]
    # the other programme is not affected
    other = change(phone, "participant", w.b.participants[0].id, {"given_name": "X"})
    assert phone.sync([other])["results"][0]["reason"] != "read_only"
    # reopening is an admin's
    _as(client, "admin")
    reopened = _post(client, f"/admin/programmes/{w.a.programme.id}/close", {"closed_on": ""},
                     page=f"/admin/programmes/{w.a.programme.id}")
    assert reopened.status_code == 302 and _fresh(w.a.programme.id).closed_on is None
    again = change(phone, "participant", participant.id, {"family_name": "After"})
    assert phone.sync([again])["results"][0]["status"] == "applied"


def test_the_phone_receives_the_programme_settings(client, api, w):
    phone = SyncDevice(api("trainer_a"))
    records = {(c["entity"], c["id"]): c for c in phone.pull_all()}
    programme = records[("programme", w.a.programme.id)]["data"]
    assert (programme["follow_up_months"], programme["retention_days"], programme["photo_max_px"],
            programme["photo_quality"], programme["closed_on"], programme["languages"]) == (
        [3, 6, 12], 180, 1600, 80, None, [])


def test_the_dashboard_shows_a_target_with_its_period(client, w):
    sign_in(client, "coord_a")
    saved = _post(client, f"/admin/programmes/{w.a.programme.id}", _settings(w.a.programme, **{
        "target.participants": "40", "target.participants.from": "2026-01-01",
        "target.participants.to": "2026-12-31"}))
    assert saved.status_code == 302
    page = client.get(f"/review/{w.a.programme.id}/indicators")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Targets and their periods" in text
    assert 'datetime="2026-01-01"' in text and 'datetime="2026-12-31"' in text
    rows = client.get(f"/review/{w.a.programme.id}/exports/indicators-targets.csv").get_data(as_text=True)
    assert '"participants","40.0","<5","<5","2026-01-01","2026-12-31"' in rows


def test_the_review_home_of_an_admin_without_programmes_links_to_the_programmes_page(client, w, password_hash):
    from models import Organisation
    from tests.factories import add, commit_keeping_attributes, make_user

    sign_in(client, "admin")
    assert "There is no programme yet" not in client.get("/review").get_data(as_text=True)
    org = Organisation(name="Kőszeg")
    db.session.add(org)
    db.session.flush()
    gone = add(Programme(organisation_id=org.id, code="gone", name="Gone", deleted=True))
    make_user("first_admin", password_hash, ("admin", gone))
    commit_keeping_attributes()
    _as(client, "first_admin")
    home = client.get("/review")
    assert home.status_code == 200
    text = home.get_data(as_text=True)
    assert "There is no programme yet" in text and 'href="/admin/programmes"' in text
    assert "Programme A" not in text


def test_an_admin_of_several_organisations_picks_one(client, w, password_hash):
    from models import Membership, Organisation
    from tests.factories import add, commit_keeping_attributes

    other = Organisation(name="ILO local employment partnership")
    db.session.add(other)
    db.session.flush()
    theirs = add(Programme(organisation_id=other.id, code="ilo-lep", name="LEP"))
    stranger = Organisation(name="Not theirs")
    db.session.add(stranger)
    db.session.add(Membership(user_id=w.admin.id, programme_id=theirs.id, role="admin"))
    commit_keeping_attributes()
    sign_in(client, "admin")
    page = client.get("/admin/programmes").get_data(as_text=True)
    assert 'id="organisation_id"' in page and "ILO local employment partnership" in page
    assert "Not theirs" not in page
    missing = _post(client, "/admin/programmes", _new())
    assert missing.status_code == 400 and "Choose the organisation." in missing.get_data(as_text=True)
    foreign = _post(client, "/admin/programmes", _new(organisation_id=stranger.id))
    assert foreign.status_code == 400
    made = _post(client, "/admin/programmes", _new(organisation_id=other.id))
    assert made.status_code == 302
    assert db.session.scalar(select(Programme.organisation_id).where(Programme.code == "koszeg-pact")) == other.id


def test_only_an_admin_closes_or_reopens(app, w):
    from api.sync.server_write import server_write
    from api.sync.validate import Rejection

    with pytest.raises(Rejection) as refused:
        server_write(db.session, w.a.coordinator, "programme", w.a.programme.id, {"closed_on": "2026-01-01"})
    db.session.rollback()
    assert "closed_on" in refused.value.errors
    server_write(db.session, w.admin, "programme", w.a.programme.id, {"closed_on": "2026-01-01"})
    db.session.commit()
    with pytest.raises(Rejection) as refused:
        server_write(db.session, w.a.coordinator, "programme", w.a.programme.id, {"closed_on": None})
    db.session.rollback()
    assert refused.value.reason == "read_only"
    # the admin may not change anything else of the closed programme along with the date
    with pytest.raises(Rejection) as refused:
        server_write(db.session, w.admin, "programme", w.a.programme.id, {"closed_on": None, "name": "Sneaky"})
    db.session.rollback()
    assert refused.value.reason == "read_only"
    server_write(db.session, w.admin, "programme", w.a.programme.id, {"closed_on": None})
    db.session.commit()
    assert _fresh(w.a.programme.id).closed_on is None


def test_a_phone_creates_nothing_in_a_closed_programme_after_its_close(app, api, w):
    import uuid

    from api.sync.server_write import server_write

    server_write(db.session, w.admin, "programme", w.a.programme.id, {"closed_on": date.today().isoformat()})
    db.session.commit()
    phone = SyncDevice(api("trainer_a"))
    session_data = {"cohort_id": w.a.cohort.id, "date": date.today().isoformat(), "kind": "training",
                    "duration_minutes": 60, "topic": "After the close"}
    late = change(phone, "session", str(uuid.uuid4()), session_data)
    result = phone.sync([late])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "read_only"), result
    yesterday = datetime.combine(date.today(), datetime.min.time(), timezone.utc) - timedelta(minutes=5)
    early = change(phone, "session", str(uuid.uuid4()), {**session_data, "date": (date.today() - timedelta(days=1))
                                                         .isoformat(), "topic": "Before the close"},
                   at=_hlc(yesterday, phone.device_id))
    assert phone.sync([early])["results"][0]["status"] == "applied"


@pytest.mark.parametrize("targets", [{"jobs": "x"}, {"jobs": -1}, {"jobs": {"value": 3, "extra": 1}},
                                     {"jobs": {"from": "2026-01-01"}}, {"jobs": {"value": 3, "to": "2026-02-30"}},
                                     {"jobs": None}, {"jobs": True}])
def test_a_malformed_target_is_refused_under_targets(app, w, targets):
    from api.sync.server_write import server_write
    from api.sync.validate import Rejection

    with pytest.raises(Rejection) as refused:
        server_write(db.session, w.a.coordinator, "programme", w.a.programme.id, {"targets": targets})
    db.session.rollback()
    assert refused.value.reason == "validation" and "targets" in refused.value.errors
    assert _fresh(w.a.programme.id).targets == {"participants": 20, "jobs": 5}


def test_a_target_with_a_period_is_measured_over_it(app, w):
    from reports.dashboard import dashboard
    from reports.period import Period

    programme = _fresh(w.a.programme.id)
    programme.targets = {"participants": 8, "women": {"value": 8, "from": "2000-01-01", "to": "2000-12-31"},
                         "youth": {"value": 8, "to": "2036-12-31"}}
    rows = {t["key"]: t for t in dashboard(db.session, programme, Period(programme.id))["targets"]}
    db.session.rollback()
    assert rows["participants"]["reached"] == 4 and rows["participants"]["from"] is None
    assert rows["women"]["reached"] == 0 and rows["women"]["from"] == date(2000, 1, 1)
    assert rows["youth"]["to"] == date(2036, 12, 31) and rows["youth"]["from"] is None
