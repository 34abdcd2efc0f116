"""Issue 15 items 2–3 on the server: why a token is refused (401 ``reason``), what a phone reports at
each sync, the devices page (name or model, what waits, a confirmation), and a signed-out phone's backup
imported through the one write path as its user's changes."""
import io
import json
import re
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import AuditLog, DeviceToken, User
from models.session import TrainingSession as Session
from tests.conftest import PASSWORD, ApiClient
from tests.review_fixtures import sign_in, w  # noqa: F401

SAMSUNG = ("Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0 Mobile Safari/537.36")


def phone(app, username="trainer_a", name=None):
    device_id = str(uuid.uuid4())
    api = app.test_client()
    response = api.post("/api/v1/auth/token", headers={"User-Agent": SAMSUNG},
                        json={"username": username, "password": PASSWORD, "device_id": device_id,
                              "device_name": name if name is not None else SAMSUNG[:120]})
    assert response.status_code == 200
    return ApiClient(api, response.get_json()["token"], device_id)


def session_change(device_id, cohort_id, topic="Welding", day="2026-11-20"):
    return {"mutation_id": str(uuid.uuid4()), "entity": "session", "id": str(uuid.uuid4()), "op": "upsert",
            "hlc": f"{day}T08:00:00.000Z_0000_{device_id}", "base_version": None,
            "data": {"cohort_id": cohort_id, "date": day, "duration_minutes": 60, "kind": "training",
                     "topic": topic}}


def sync(device, changes=(), **extra):
    body = {"device_id": device.device_id, "schema_version": 1, "cursor": None, "changes": list(changes),
            "pull_limit": 1, **extra}
    return device.post("/sync", json=body, headers={"User-Agent": SAMSUNG})


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_401_says_whether_a_coordinator_signed_the_phone_out_or_deactivated_its_user(app, w, db_session):
    revoked, deactivated, expired = phone(app), phone(app, "mentor_a"), phone(app, "trainer_b")
    assert revoked.get("/me").status_code == 200
    coordinator = sign_in(app.test_client(), "coord_a")
    token_id = db_session.scalar(select(DeviceToken.id).where(DeviceToken.device_id == revoked.device_id))
    page = coordinator.get(f"/review/devices/{token_id}/revoke").get_data(as_text=True)
    assert coordinator.post(f"/review/devices/{token_id}/revoke", data={"csrf_token": csrf(page)}).status_code == 302
    db_session.execute(User.__table__.update().where(User.username == "mentor_a").values(active=False))
    from datetime import datetime, timedelta, timezone
    db_session.execute(DeviceToken.__table__.update().where(DeviceToken.device_id == expired.device_id)
                       .values(expires_at=datetime.now(timezone.utc) - timedelta(days=1)))
    db_session.commit()
    for device, reason in ((revoked, "revoked"), (deactivated, "deactivated"), (expired, "expired")):
        body = sync(device).get_json()
        assert body["code"] == 401 and body["reason"] == reason and body["message"], body
    unknown = ApiClient(app.test_client(), "no-such-token")
    assert unknown.get("/me").get_json()["reason"] == "unknown"
    assert ApiClient(app.test_client()).get("/me").get_json()["reason"] == "unknown"  # no header at all


def test_each_sync_records_what_waits_and_the_name_chosen_on_the_phone(app, w, db_session):
    device = phone(app)
    answer = sync(device, [session_change(device.device_id, w.a.cohort.id)], device_name="Emina's tablet",
                  unsynced={"count": 3, "oldest_age_s": 2 * 86400})
    assert answer.status_code == 200, answer.get_json()
    row = db_session.scalar(select(DeviceToken).where(DeviceToken.device_id == device.device_id))
    assert (row.device_name, row.unsynced_count, row.user_agent) == ("Emina's tablet", 3, SAMSUNG)
    assert row.unsynced_oldest_at is not None
    # older phones send neither field: nothing changes but the last sync
    assert sync(device).status_code == 200
    db_session.expire_all()
    row = db_session.scalar(select(DeviceToken).where(DeviceToken.device_id == device.device_id))
    assert (row.device_name, row.unsynced_count) == ("Emina's tablet", 3)
    coordinator = sign_in(app.test_client(), "coord_a")
    page = coordinator.get("/review/devices").get_data(as_text=True)
    assert "Emina&#39;s tablet" in page and "Samsung SM-A536B" in page and "3 records" in page
    assert "2 days" in page


@pytest.mark.parametrize("report, field", [
    ({"count": -1}, "count"), ({"count": "3"}, "count"), ({"count": 2 ** 70}, "count"), ({}, "count"),
    ({"count": 1, "oldest_age_s": 1.5}, "oldest_age_s"), ({"count": 1, "extra": 1}, "extra"),
])
def test_a_bad_report_is_a_400_naming_the_field(app, w, report, field):
    answer = sync(phone(app), unsynced=report)
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]["unsynced"]


def test_any_device_name_or_report_is_taken_or_refused_naming_the_field_never_a_5xx(app, w):
    device = phone(app)

    @settings(max_examples=40)
    @given(name=st.one_of(st.none(), st.text(max_size=200)),
           report=st.one_of(st.none(), st.fixed_dictionaries({"count": st.integers(-5, 2 ** 40)}),
                            st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=3), max_size=3)))
    def check(name, report):
        answer = sync(device, device_name=name, unsynced=report)
        assert answer.status_code in (200, 400), answer.status_code
        if answer.status_code == 400:
            assert set(answer.get_json()["errors"]) <= {"device_name", "unsynced"}

    check()


def test_the_page_reads_a_model_from_an_old_phones_user_agent_name(app, w):
    phone(app)
    page = sign_in(app.test_client(), "coord_a").get("/review/devices").get_data(as_text=True)
    assert "Samsung SM-A536B · Android 13 · Chrome" in page and "Mozilla/5.0" not in page


def test_the_confirmation_says_what_will_be_lost(app, w, db_session):
    device = phone(app)
    sync(device, unsynced={"count": 4, "oldest_age_s": 3 * 3600})
    token_id = db_session.scalar(select(DeviceToken.id).where(DeviceToken.device_id == device.device_id))
    coordinator = sign_in(app.test_client(), "coord_a")
    page = coordinator.get(f"/review/devices/{token_id}/revoke").get_data(as_text=True)
    assert "4 records had not reached the server" in page and "3 hours" in page
    assert "encrypted" in page and "backup file" in page
    assert device.get("/me").status_code == 200  # looking at the confirmation signs nothing out


def backup_file(device_id, user, changes, **extra):
    return {"format": "field-mentor-backup", "version": 1, "exported_at": "2026-11-21T10:00:00.000Z",
            "device_id": device_id, "user": {"id": user.id, "username": user.username}, "changes": changes,
            "records": [], **extra}


def upload(coordinator, content, name="backup.json"):
    page = coordinator.get("/review/devices").get_data(as_text=True)
    data = {"csrf_token": csrf(page), "backup": (io.BytesIO(content), name)}
    return coordinator.post("/review/devices/import", data=data, content_type="multipart/form-data",
                            follow_redirects=True)


def test_a_signed_out_phones_backup_is_imported_as_its_users_changes(app, w, db_session):
    device = phone(app)
    sent = session_change(device.device_id, w.a.cohort.id, "Sent before")
    assert sync(device, [sent]).get_json()["results"][0]["status"] == "applied"
    waiting = session_change(device.device_id, w.a.cohort.id, "Recorded offline")
    bad = session_change(device.device_id, w.b.cohort.id, "Another programme")
    broken = {**session_change(device.device_id, w.a.cohort.id), "data": {"duration_minutes": "x\x00"}}
    coordinator = sign_in(app.test_client(), "coord_a")
    content = json.dumps(backup_file(device.device_id, w.a.trainer, [sent, waiting, bad, broken, "junk"])).encode()
    refused = upload(coordinator, content).get_data(as_text=True)
    assert "still signed in" in refused  # a live phone sends its own records

    token_id = db_session.scalar(select(DeviceToken.id).where(DeviceToken.device_id == device.device_id))
    page = coordinator.get(f"/review/devices/{token_id}/revoke").get_data(as_text=True)
    coordinator.post(f"/review/devices/{token_id}/revoke", data={"csrf_token": csrf(page)})
    page = upload(coordinator, content).get_data(as_text=True)
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', page))
    assert counts == {"applied": "1", "duplicate": "1", "conflict": "0", "rejected": "3"}, page
    db_session.expire_all()
    stored = db_session.get(Session, waiting["id"])
    assert stored.topic == "Recorded offline" and stored.updated_by_id == w.a.trainer.id
    assert db_session.get(Session, bad["id"]) is None
    assert db_session.scalar(select(AuditLog).where(AuditLog.action == "backup_imported")).user_id == w.a.coordinator.id
    # importing the same file again applies nothing twice
    again = dict(re.findall(r'data-count="(\w+)">(\d+)<', upload(coordinator, content).get_data(as_text=True)))
    assert again["applied"] == "0" and again["duplicate"] == "2"


@pytest.mark.parametrize("content", [b"not json", b"\xff\xfe", b"[]", b'{"format": "other"}',
                                     json.dumps({"format": "field-mentor-backup", "version": 1}).encode(),
                                     b"[" * 100000 + b"]" * 100000])
def test_a_file_that_is_no_backup_is_refused_clearly(app, w, content):
    coordinator = sign_in(app.test_client(), "coord_a")
    page = upload(coordinator, content)
    assert page.status_code == 200 and "not a Field Mentor backup" in page.get_data(as_text=True)


def test_a_backup_of_someone_the_coordinator_does_not_manage_is_refused(app, w, db_session):
    device = phone(app, "trainer_b")
    db_session.execute(User.__table__.update().where(User.username == "trainer_b").values(active=False))
    db_session.commit()
    content = json.dumps(backup_file(device.device_id, w.b.trainer,
                                     [session_change(device.device_id, w.b.cohort.id)])).encode()
    page = upload(sign_in(app.test_client(), "coord_a"), content).get_data(as_text=True)
    assert "do not manage" in page


_json = st.recursive(st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=False)
                     | st.text(max_size=20), lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=10)


def test_any_backup_content_is_read_or_refused_and_never_half_written(app, w):
    """Whatever a file holds: BadBackup, or one result per change, and every refusal leaves nothing."""
    from api.sync.backup_import import BadBackup, import_backup, read_backup
    from models import db

    device_id = str(uuid.uuid4())
    valid = st.builds(lambda topic, minutes: session_change(device_id, w.a.cohort.id, topic) | {
        "data": {"cohort_id": w.a.cohort.id, "date": "2026-11-20", "duration_minutes": minutes, "kind": "training",
                 "topic": topic}}, st.text(max_size=30), st.integers(-10, 10 ** 6) | st.text(max_size=3))
    changes = st.lists(valid | _json | st.fixed_dictionaries({"entity": st.text(max_size=12), "id": _json,
                                                              "mutation_id": _json, "data": _json}), max_size=6)

    @settings(max_examples=40, deadline=None)
    @given(header=_json, body=changes)
    def check(header, body):
        with app.test_request_context():
            for payload in (header, backup_file(device_id, w.a.trainer, body)):
                try:
                    backup = read_backup(payload)
                except BadBackup as bad:
                    assert str(bad)
                    continue
                outcome = import_backup(db.session, w.a.trainer, backup["device_id"], backup["changes"],
                                        importer=w.a.coordinator)
                assert outcome.total == len(backup["changes"])
                db.session.rollback()

    check()
