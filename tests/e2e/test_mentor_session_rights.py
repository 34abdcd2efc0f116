"""A mentor sees the sessions of their mentee's cohort but changes only the ones they recorded (docs/sync.md "Scope"):
the phone offers no "Take attendance" or "Edit session" on someone else's session, so nothing ends up refused."""
import uuid

import requests
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.sync.conftest import hlc

from .phone import go, open_app, sign_in


def _coordinator_logs_a_session(server, cohort_id):
    device_id = str(uuid.uuid4())
    token = requests.post(f"{server.url}/api/v1/auth/token", json={
        "username": "coord_a", "password": PASSWORD, "device_id": device_id}, timeout=30).json()["token"]
    session_id = str(uuid.uuid4())
    answer = requests.post(f"{server.url}/api/v1/sync", headers={"Authorization": f"Bearer {token}"}, json={
        "device_id": device_id, "schema_version": 1, "cursor": None, "pull_limit": 1, "changes": [{
            "mutation_id": str(uuid.uuid4()), "entity": "session", "id": session_id, "op": "upsert",
            "hlc": hlc(device_id), "base_version": None,
            "data": {"cohort_id": cohort_id, "date": "2026-11-20", "duration_minutes": 90, "kind": "on_the_job",
                     "topic": "Visit at the workshop"}}]}, timeout=30).json()
    assert answer["results"][0]["status"] == "applied", answer
    return session_id


def test_a_mentor_is_not_offered_changes_to_a_session_someone_else_recorded(server, device, world):
    session_id = _coordinator_logs_a_session(server, world.a.other_cohort.id)  # the cohort of mentor_a's mentee
    page = open_app(device(), server.url)
    sign_in(page, "mentor_a")
    go(page, f"session/{session_id}", "session-view")
    expect(page.get_by_role("heading", name="Visit at the workshop")).to_be_visible()
    expect(page.get_by_text("The cohort's trainers and the person who recorded this session change it.")).to_be_visible()
    expect(page.get_by_role("link", name="Take attendance")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit session")).to_have_count(0)


def test_the_cohorts_trainer_is_offered_the_changes(server, device, world):
    session_id = _coordinator_logs_a_session(server, world.a.cohort.id)
    page = open_app(device(), server.url)
    sign_in(page, "trainer_a")
    go(page, f"session/{session_id}", "session-view")
    expect(page.get_by_role("link", name="Take attendance")).to_be_visible()
    expect(page.get_by_role("link", name="Edit session")).to_be_visible()
