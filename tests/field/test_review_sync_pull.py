"""A flag and a conflict resolution made on the coordinator pages arrive at the recording device by a
real POST /api/v1/sync pull; a pushed review is refused as read-only."""
import uuid

from flask import g

from tests.factories import make_session
from tests.review_fixtures import csrf_from, make_attendance, make_conflict, sign_in, w  # noqa: F401



def _pull(device, cursor):
    return device.post("/sync", json={"device_id": device.device_id, "schema_version": 1, "cursor": cursor,
                                      "changes": [], "pull_limit": 1000}).get_json()

def test_flag_and_resolution_arrive_by_pull(client, w, db_session, api):
    device = api("trainer_a")
    body = _pull(device, None)
    while body.get("more"):
        body = _pull(device, body["cursor"])
    cursor = body["cursor"]
    record = make_attendance(w.a.session, w.a.participants[0], "present", by=w.a.trainer, device_id=device.device_id)
    conflict = make_conflict(record, "status", "present", "absent", kept_by=w.a.trainer, other_by=w.a.mentor)
    make_session(w.a.cohort, topic="later")
    db_session.commit()
    sign_in(client, "coord_a")
    path = f"/review/{w.a.programme.id}/records/attendance/{record.id}"
    token = csrf_from(client.get(path).get_data(as_text=True))
    assert client.post(path + "/review", data={"status": "flagged", "comment": "check", "csrf_token": token}).status_code == 302
    page = client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True)
    r = client.post(f"/review/{w.a.programme.id}/conflicts/{conflict.id}/resolve", data={"choice": "other", "csrf_token": csrf_from(page)})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    g.pop("_login_user", None)  # the test's app context shares g between the cookie and bearer clients
    body = _pull(device, cursor)
    entities = {(c["entity"], c["data"].get("status")) for c in body["changes"]}
    assert ("review", "flagged") in entities
    assert ("attendance", "absent") in entities
    # pushing a review is read-only
    push = device.post("/sync", json={
        "device_id": device.device_id, "schema_version": 1, "cursor": body["cursor"], "changes": [
            {"mutation_id": str(uuid.uuid4()), "entity": "review", "id": str(uuid.uuid4()), "op": "upsert",
             "data": {"status": "approved"}, "hlc": "2026-11-25T10:00:00.000Z_0000_" + device.device_id,
             "base_version": None}]}).get_json()
    assert push["results"][0]["reason"] == "read_only"
