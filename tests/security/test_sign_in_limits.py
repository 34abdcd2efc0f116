"""Sign-in rate limits: one bucket per address and username for /login and the token endpoint,
usernames read from gzip bodies too, a cap per address across usernames, and a warning when the
counts live in one worker's memory. (TestConfig: 10 per minute per address and username.)"""
import gzip
import json
import logging
import uuid

import pytest

from app import create_app
from tests.conftest import TestConfig
from tests.security.test_cookie_login import csrf_token

STRONG = "5f0c8e2b9a1d4c7e8f3a6b2d9e1c4f7a8b3d6e9f2a5c8b1e"


def token_attempt(client, username, gzipped=False, address="127.0.0.1"):
    body = json.dumps({"username": username, "password": "wrong", "device_id": str(uuid.uuid4())}).encode()
    headers = {"Content-Type": "application/json"}
    if gzipped:
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    return client.post("/api/v1/auth/token", data=body, headers=headers,
                       environ_base={"REMOTE_ADDR": address}).status_code


def page_attempt(client, username, token, address="127.0.0.1"):
    return client.post("/login", data={"username": username, "password": "wrong", "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}).status_code


def test_login_page_and_token_endpoint_share_one_bucket(world, client):
    token = csrf_token(client)
    codes = []
    for _ in range(5):
        codes.append(page_attempt(client, "coord_a", token))
        codes.append(token_attempt(client, "coord_a"))
    assert codes == [401] * 10
    assert token_attempt(client, "coord_a") == 429
    assert page_attempt(client, "coord_a", token) == 429
    assert token_attempt(client, "coord_b") == 401


def test_the_username_of_a_gzip_body_is_read(world, client):
    assert [token_attempt(client, "coord_a", gzipped=True) for _ in range(10)] == [401] * 10
    assert token_attempt(client, "coord_a", gzipped=True) == 429
    assert token_attempt(client, "coord_a") == 429
    assert token_attempt(client, "coord_b", gzipped=True) == 401


def test_one_address_trying_many_usernames_is_slowed(app_factory, world):
    app = app_factory(LOGIN_RATE_LIMIT_PER_ADDRESS="6 per minute")
    client = app.test_client()
    token = csrf_token(client)
    codes = [token_attempt(client, f"user{i}") for i in range(3)] + [page_attempt(client, f"user{i}", token)
                                                                   for i in range(3, 6)]
    assert codes == [401] * 6
    assert token_attempt(client, "user6") == 429
    assert page_attempt(client, "user7", token) == 429
    assert token_attempt(client, "user8", address="10.1.2.3") == 401


def test_a_successful_sign_in_is_still_answered_under_the_limits(world, client, api):
    assert api("coord_a").get("/me").status_code == 200


def _config(**values):
    return type("LimitConfig", (TestConfig,), values)


@pytest.mark.parametrize("values, warned", [
    ({"TESTING": False, "SECRET_KEY": STRONG, "RATELIMIT_STORAGE_URI": "memory://"}, True),
    ({"TESTING": False, "SECRET_KEY": STRONG, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, False),
    ({"TESTING": True, "RATELIMIT_STORAGE_URI": "memory://"}, False),
])
def test_a_per_worker_memory_store_is_warned_about(database_url, tmp_path, caplog, values, warned):
    caplog.set_level(logging.WARNING)
    create_app(_config(SQLALCHEMY_DATABASE_URI=database_url, **values), instance_path=str(tmp_path / "i"))
    messages = [r.getMessage() for r in caplog.records if "RATELIMIT_STORAGE_URI" in r.getMessage()]
    assert bool(messages) == warned, messages
    if warned:
        assert "redis://" in messages[0]


def test_forms_of_one_username_share_one_bucket(world, client):
    """Sign-in finds users by their NFKC case-folded username, so its limit counts them by it too."""
    forms = ["coord_a", "COORD_A", "Coord_A", "\uff43\uff4f\uff4f\uff52\uff44_a", "CoOrD_a"]
    assert [token_attempt(client, forms[i % len(forms)]) for i in range(10)] == [401] * 10
    assert token_attempt(client, "\uff23\uff2f\uff2f\uff32\uff24_A") == 429
