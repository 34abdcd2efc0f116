"""/api/v1/push: the VAPID key, one subscription per device, the user's switches."""
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select

from models import PushSubscription, db
from tests.push_helpers import PUSH_TEST_CONFIG
from tests.push_receiver import BrowserSubscription, b64url, unb64url

FCM = "https://fcm.googleapis.com/fcm/send/dGVzdC1yZWdpc3RyYXRpb24"


def browser_subscription(endpoint=FCM) -> dict:
    return BrowserSubscription(endpoint).to_json()


def count_subscriptions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PushSubscription))


def test_key_is_made_once_into_instance_and_kept(app, client):
    first = client.get("/api/v1/push/key")
    assert first.status_code == 200
    key = unb64url(first.get_json()["public_key"])
    assert len(key) == 65 and key[0] == 4
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)  # a real P-256 point
    path = os.path.join(app.instance_path, "vapid_private.pem")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert client.get("/api/v1/push/key").get_json() == first.get_json()


def test_key_from_the_environment_wins(app_factory):
    private = ec.generate_private_key(ec.SECP256R1())
    raw = b64url(private.private_numbers().private_value.to_bytes(32, "big"))
    from notifications.vapid import public_key_b64

    public = public_key_b64(private)
    app = app_factory(VAPID_PRIVATE_KEY=raw, VAPID_PUBLIC_KEY=public)
    assert app.test_client().get("/api/v1/push/key").get_json() == {"public_key": public}
    assert not os.path.exists(os.path.join(app.instance_path, "vapid_private.pem"))


def test_a_public_key_that_does_not_match_is_refused(app_factory):
    from notifications.vapid import load_keys, public_key_b64

    app = app_factory(VAPID_PRIVATE_KEY=b64url(os.urandom(31) + b"\x01"),
                      VAPID_PUBLIC_KEY=public_key_b64(ec.generate_private_key(ec.SECP256R1())))
    with app.app_context(), pytest.raises(ValueError, match="does not belong"):
        load_keys(app)


def test_one_subscription_per_device(app, world, api):
    phone = api("trainer_a")
    assert phone.get("/push/subscriptions").get_json() == {"subscribed": False}
    first = phone.post("/push/subscriptions", json=browser_subscription())
    assert first.status_code == 201 and first.get_json() == {"subscribed": True, "endpoint": FCM}
    renewed = browser_subscription(FCM + "-renewed")
    again = phone.post("/push/subscriptions", json=renewed)
    assert again.status_code == 200
    assert count_subscriptions(app) == 1
    with app.app_context():
        stored = db.session.scalar(select(PushSubscription))
        assert (stored.endpoint, stored.p256dh, stored.auth) == (
            renewed["endpoint"], renewed["keys"]["p256dh"], renewed["keys"]["auth"])
    api("trainer_a").post("/push/subscriptions", json=browser_subscription(FCM + "-tablet"))
    assert count_subscriptions(app) == 2
    assert phone.delete("/push/subscriptions").status_code == 204
    assert phone.delete("/push/subscriptions").status_code == 204  # idempotent
    assert phone.get("/push/subscriptions").get_json() == {"subscribed": False}
    assert count_subscriptions(app) == 1


def test_signing_in_again_in_the_same_browser_keeps_one_subscription(app, world, api):
    sub = browser_subscription()
    device_id = "7d0c6a8e-8f4e-4c9b-9d7e-3b2a1c0d9e8f"
    api("mentor_a", device_id=device_id).post("/push/subscriptions", json=sub)
    api("mentor_a", device_id=device_id).post("/push/subscriptions", json=sub)
    assert count_subscriptions(app) == 1


def test_a_signed_out_device_gets_nothing_more(app, world, api, runner):
    phone = api("trainer_a")
    phone.post("/push/subscriptions", json=browser_subscription())
    assert phone.delete("/auth/token").status_code == 204
    result = runner.invoke(args=["push", "send-due"])
    assert "of signed-out devices removed 1" in result.output
    assert count_subscriptions(app) == 0


def _without(key):
    body = browser_subscription()
    body["keys"].pop(key)
    return body


@pytest.mark.parametrize("body, field", [
    ({**browser_subscription(), "endpoint": "http://fcm.googleapis.com/fcm/send/x"}, "endpoint"),
    ({**browser_subscription(), "endpoint": "https://169.254.169.254/latest/meta-data"}, "endpoint"),
    ({**browser_subscription(), "endpoint": "https://fcm.googleapis.com.evil.example/x"}, "endpoint"),
    ({**browser_subscription(), "endpoint": "https://[fcm.googleapis.com/x"}, "endpoint"),
    ({**browser_subscription(), "keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": b64url(os.urandom(16))}},
     "keys"),
    ({**browser_subscription(), "keys": {**browser_subscription()["keys"], "auth": b64url(os.urandom(8))}}, "keys"),
    (_without("auth"), "keys"),
    ({"keys": browser_subscription()["keys"]}, "endpoint"),
])
def test_bad_subscription_is_refused_with_field_errors(app, world, api, body, field):
    response = api("trainer_a").post("/push/subscriptions", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]
    assert count_subscriptions(app) == 0


def test_subscription_needs_a_token_and_json(app, world, client, api):
    assert client.post("/api/v1/push/subscriptions", json=browser_subscription()).status_code == 401
    assert client.delete("/api/v1/push/subscriptions").status_code == 401
    phone = api("trainer_a")
    assert phone.post("/push/subscriptions", data="x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert phone.post("/push/subscriptions", json=[1, 2]).status_code == 400


def test_loopback_endpoints_only_when_configured(app_factory, world, api):
    body = BrowserSubscription("http://127.0.0.1:8999/push/x").to_json()
    assert api("trainer_a").post("/push/subscriptions", json=body).status_code == 400
    test_app = app_factory(**PUSH_TEST_CONFIG)
    from tests.conftest import PASSWORD, ApiClient

    client = test_app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "trainer_a", "password": PASSWORD,
                                                    "device_id": "0d7a4e2c-1f3b-4a5c-8d6e-7f8091a2b3c4"})
    assert ApiClient(client, token.get_json()["token"]).post("/push/subscriptions", json=body).status_code == 201


def test_switches_per_user_and_role(app, world, api):
    mentor = api("mentor_a")
    prefs = mentor.get("/push/prefs").get_json()
    assert prefs == {"rules": {"session_reminder": True, "stale_device": True, "goal_due": True,
                               "mentee_assessment": True},
                     "stale_sync_days": 3, "time_zone": "UTC"}
    assert set(api("coord_a").get("/push/prefs").get_json()["rules"]) == {"stale_device", "review_queue"}
    changed = mentor.patch("/push/prefs", json={"rules": {"goal_due": False}, "stale_sync_days": 5,
                                                  "time_zone": "Europe/Stockholm"})
    assert changed.status_code == 200
    assert changed.get_json()["rules"]["goal_due"] is False
    again = api("mentor_a").patch("/push/prefs", json={"rules": {"session_reminder": False}}).get_json()
    assert again["rules"] == {"session_reminder": False, "stale_device": True, "goal_due": False,
                              "mentee_assessment": True}
    assert (again["stale_sync_days"], again["time_zone"]) == (5, "Europe/Stockholm")
    assert api("trainer_a").get("/push/prefs").get_json()["stale_sync_days"] == 3  # another user's own


@pytest.mark.parametrize("body, field", [
    ({"rules": {"everything": True}}, "rules"),
    ({"rules": {"goal_due": "perhaps"}}, "rules"),
    ({"stale_sync_days": 0}, "stale_sync_days"),
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ({"time_zone": "America"}, "time_zone"),
    ({"time_zone": "../../etc/passwd"}, "time_zone"),
])
def test_bad_switches_are_refused(app, world, api, body, field):
    response = api("mentor_a").patch("/push/prefs", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_push_endpoints_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert set(spec["paths"]["/push/subscriptions"]) == {"get", "post", "delete"}
    assert set(spec["paths"]["/push/prefs"]) == {"get", "patch"}
    assert spec["paths"]["/push/key"]["get"]["security"] == []
    assert spec["components"]["schemas"]["PushSubscription"]["required"] == ["endpoint", "keys"]
