"""Two phones mark the same person in the same session differently, offline; both converge."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from .phone import (db_id, go, go_offline, go_online, idb, open_app, sign_in, sync_now, wait_outbox_empty,
                    wait_worker_ready)

pytestmark = [pytest.mark.e2e, pytest.mark.both_engines]  # two phones' conflicting writes meet in the server's transactions


def mark(page, session_id, code, taps):
    go(page, f"attendance/{session_id}", "attendance")
    person = page.get_by_role("button", name=re.compile(code))
    for _ in range(taps):
        person.click()
    return person


def status_on(page, participant_id):
    rows = idb(page, "records", "attendance")
    return [r["data"]["status"] for r in rows if r["data"]["participant_id"] == participant_id]


def test_same_attendance_on_two_phones_converges_and_shows_the_conflict(app, server, device):
    from models import Attendance, Conflict, Participant, TrainingSession, db

    session_id = db_id(app, TrainingSession, topic="Safety and machine set-up", programme_id=db_id(
        app, __import__("models").Programme, code="prog-a"))
    person_id = db_id(app, Participant, code="A-001")
    one, two = device(), device()
    phones = []
    for context in (one, two):
        page = open_app(context, server.url)
        sign_in(page, "trainer_a")
        wait_worker_ready(page)
        phones.append(page)
    first, second = phones

    server.stop()
    for context in (one, two):
        context.set_offline(True)
    mark(first, session_id, "GivenA-001", 1)  # present
    expect(mark(second, session_id, "GivenA-001", 2)).to_contain_text("Absent")  # present → absent, later

    go_online(one, server)
    wait_outbox_empty(first)
    two.set_offline(False)
    wait_outbox_empty(second)
    sync_now(first)  # the first phone pulls what the second one sent

    with app.app_context():
        kept = db.session.scalar(select(Attendance.status).where(Attendance.session_id == session_id,
                                                                  Attendance.participant_id == person_id))
        conflicts = db.session.scalars(select(Conflict).where(Conflict.entity == "attendance")).all()
    assert kept == "absent"
    assert len(conflicts) == 1 and {conflicts[0].kept_value, conflicts[0].other_value} == {"present", "absent"}
    assert status_on(first, person_id) == status_on(second, person_id) == [kept]

    go(second, "sync", "sync")
    expect(second.get_by_text("Changed at the same time on another device")).to_be_visible()
    expect(second.locator("#sync-status")).to_have_text("1 to check")
