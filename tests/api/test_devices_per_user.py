"""A device is (user, device_id): one user's token never renames or takes over another user's device."""
import uuid

from sqlalchemy import select

from models import DeviceToken
from tests.conftest import PASSWORD, ApiClient
from tests.review_fixtures import sign_in, w  # noqa: F401


def token_for(client, username, device_id, device_name):
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD,
                                                       "device_id": device_id, "device_name": device_name})
    assert response.status_code == 200, response.get_json()
    return ApiClient(client, response.get_json()["token"], device_id)


def new_session(phone, cohort_id, topic):
    session_id = str(uuid.uuid4())
    body = {"device_id": phone.device_id, "schema_version": 1, "cursor": None, "changes": [
        {"mutation_id": str(uuid.uuid4()), "entity": "session", "id": session_id, "op": "upsert",
         "hlc": f"2026-11-20T08:00:00.000Z_0000_{phone.device_id}",
         "data": {"cohort_id": cohort_id, "date": "2026-11-20", "duration_minutes": 60, "kind": "training",
                  "topic": topic}}]}
    response = phone.post("/sync", json=body)
    assert response.status_code == 200 and response.get_json()["results"][0]["status"] == "applied"
    return session_id


def test_a_token_for_someone_elses_device_id_never_renames_their_device(app, w, db_session):
    phone_id = str(uuid.uuid4())
    api = app.test_client()
    emina = token_for(api, "trainer_a", phone_id, "Emina's Samsung")
    recorded = new_session(emina, w.a.cohort.id, "Reading drawings")
    intruder = token_for(api, "trainer_b", phone_id, "Hacked by B")  # same device_id, another user

    coordinator = sign_in(app.test_client(), "coord_a")
    page = coordinator.get(f"/review/{w.a.programme.id}/records/session/{recorded}").get_data(as_text=True)
    assert "Emina&#39;s Samsung" in page and "Hacked by B" not in page
    assert "Emina&#39;s Samsung" in coordinator.get("/review/devices").get_data(as_text=True)
    feed = coordinator.get(f"/review/{w.a.programme.id}/feed").get_data(as_text=True)
    assert "Hacked by B" not in feed

    # a shared phone stays allowed: both users' tokens work, each user's records show their own name
    assert emina.get("/me").status_code == 200 and intruder.get("/me").status_code == 200
    theirs = new_session(intruder, w.b.cohort.id, "Their session")
    other = sign_in(app.test_client(), "coord_b")
    assert "Hacked by B" in other.get(f"/review/{w.b.programme.id}/records/session/{theirs}").get_data(as_text=True)
    rows = db_session.execute(select(DeviceToken.user_id, DeviceToken.device_name)
                              .where(DeviceToken.device_id == phone_id)).all()
    assert sorted(rows) == sorted([(w.a.trainer.id, "Emina's Samsung"), (w.b.trainer.id, "Hacked by B")])


def test_signing_in_again_on_ones_own_device_renames_it(app, w):
    phone_id = str(uuid.uuid4())
    api = app.test_client()
    first = token_for(api, "trainer_a", phone_id, "Old name")
    recorded = new_session(first, w.a.cohort.id, "Reading drawings")
    token_for(api, "trainer_a", phone_id, "New name")
    coordinator = sign_in(app.test_client(), "coord_a")
    page = coordinator.get(f"/review/{w.a.programme.id}/records/session/{recorded}").get_data(as_text=True)
    assert "New name" in page and "Old name" not in page
