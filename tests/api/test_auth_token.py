"""POST/DELETE /api/v1/auth/token exactly as SYNC.md "Auth" says."""
import uuid

import pytest
from sqlalchemy import func, select

from models import AuditLog, DeviceToken
from tests.conftest import PASSWORD


def token_request(**overrides):
    body = {"username": "trainer_a", "password": PASSWORD, "device_id": str(uuid.uuid4()), "device_name": "Tecno"}
    body.update(overrides)
    return body


def test_token_response_has_the_contract_fields(world, client):
    response = client.post("/api/v1/auth/token", json=token_request())
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["expires_at"].endswith("Z")
    user = body["user"]
    assert {"id", "username", "display_name", "locale", "memberships"} <= set(user)
    assert user["memberships"] == [{"programme_id": world.a.programme.id, "role": "trainer"}]


def test_token_is_stored_hashed_only(world, client, db_session):
    token = client.post("/api/v1/auth/token", json=token_request()).get_json()["token"]
    stored = db_session.scalars(select(DeviceToken.token_hash)).all()
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64


@pytest.mark.parametrize("typed", ["TRAINER_A", "Trainer_A", "\uff34\uff32\uff21\uff29\uff2e\uff25\uff32_a"])
def test_usernames_are_found_without_case_or_unicode_form(world, client, typed):
    """Sign-in finds the user by the NFKC case-folded username (full-width letters too)."""
    response = client.post("/api/v1/auth/token", json=token_request(username=typed))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["user"]["username"] == "trainer_a"


@pytest.mark.parametrize("override", [
    {"password": "wrong-password"},
    {"username": "nobody"},
    {"username": "trainer-a"},
])
def test_bad_credentials_are_401_and_issue_nothing(world, client, db_session, override):
    response = client.post("/api/v1/auth/token", json=token_request(**override))
    assert response.status_code == 401
    body = response.get_json()
    assert body["code"] == 401 and body["status"] == "Unauthorized" and body["message"]
    assert db_session.scalar(select(func.count()).select_from(DeviceToken)) == 0
    assert db_session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "login_failed")) == 1


@pytest.mark.parametrize("body, field", [
    ({"username": "trainer_a", "password": PASSWORD}, "device_id"),
    ({"username": "trainer_a", "password": PASSWORD, "device_id": "not-a-uuid"}, "device_id"),
    ({"password": PASSWORD, "device_id": str(uuid.uuid4())}, "username"),
    ({"username": "trainer_a", "password": 5, "device_id": str(uuid.uuid4())}, "password"),
])
def test_malformed_token_request_is_400_with_field_errors(world, client, body, field):
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


@pytest.mark.parametrize("data, content_type, code", [
    ("{not json", "application/json", 400),
    ("[1, 2]", "application/json", 400),
    ("username=a", "application/x-www-form-urlencoded", 415),
    ("hello", "text/plain", 415),
])
def test_unparseable_bodies_get_json_errors(world, client, data, content_type, code):
    response = client.post("/api/v1/auth/token", data=data, content_type=content_type)
    assert response.status_code == code
    assert response.is_json and response.get_json()["code"] == code


def test_oversized_body_is_413(world, client):
    response = client.post("/api/v1/auth/token", data="x" * (6 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


def test_delete_revokes_only_the_token_used(world, api):
    phone, tablet = api("trainer_a"), api("trainer_a")
    assert phone.delete("/auth/token").status_code == 204
    assert phone.get("/me").status_code == 401
    assert tablet.get("/me").status_code == 200


def test_new_sign_in_on_same_device_replaces_its_token(world, api):
    device_id = str(uuid.uuid4())
    first = api("trainer_a", device_id=device_id)
    second = api("trainer_a", device_id=device_id)
    assert first.get("/me").status_code == 401
    assert second.get("/me").status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ", "Basic abc", "Bearer not-a-real-token"])
def test_missing_or_unknown_token_is_401(world, client, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["status"] == "Unauthorized"


def test_expired_token_is_401(world, api, db_session):
    from datetime import timedelta

    from models import utcnow

    device = api("trainer_a")
    record = db_session.scalar(select(DeviceToken))
    record.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    assert device.get("/me").status_code == 401


def test_deactivated_user_loses_api_access(world, api, db_session):
    from models import User

    device = api("trainer_a")
    db_session.scalar(select(User).where(User.username == "trainer_a")).active = False
    db_session.commit()
    assert device.get("/me").status_code == 401


def test_login_is_rate_limited(world, client):
    codes = [client.post("/api/v1/auth/token", json=token_request(password="nope")).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429
    assert client.post("/api/v1/auth/token", json=token_request(password="nope")).get_json()["code"] == 429


def test_profile_locale_can_be_saved(world, api):
    device = api("trainer_a")
    response = device.patch("/me", json={"locale": "bs"})
    assert response.status_code == 200 and response.get_json()["locale"] == "bs"
    assert device.patch("/me", json={"locale": "xx"}).status_code == 400
