"""Sign in, lose the network (page and service worker), work, close, reopen, sync once."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from .phone import go_offline, go_online, log_session, open_app, outbox, sign_in, wait_outbox_empty, wait_screen, wait_worker_ready

pytestmark = [pytest.mark.e2e, pytest.mark.both_engines]  # a whole offline session's batch lands once, in one transaction


def assess_two_skills(page, person_name):
    page.get_by_role("link", name=re.compile(person_name)).click()
    wait_screen(page, "assess")
    page.get_by_role("group", name="Read a drawing").get_by_role("radio", name=re.compile(r"^2 · Partly alone")).check()
    page.get_by_role("group", name="Set up the machine").get_by_role("radio", name=re.compile(r"^3 · Competent")).check()
    page.get_by_role("button", name="Save levels").click()
    wait_screen(page, "session-view")


def test_work_offline_for_a_while_then_sync_exactly_once(app, server, device):
    from models import Assessment, Attendance, Participant, TrainingSession, db

    context = device()
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)

    go_offline(context, server)
    page.reload()
    wait_screen(page, "today")  # the shell came from the service worker's cache

    log_session(page, "Reading drawings offline")
    page.get_by_role("button", name="All present").click()
    page.get_by_role("button", name=re.compile("GivenA-002")).click()  # present → absent
    expect(page.locator(".summary")).to_have_text(re.compile("2 present, 0 late, 1 absent"))
    page.get_by_role("link", name="Session").click()
    wait_screen(page, "session-view")
    assess_two_skills(page, "GivenA-001")
    assert len(outbox(page)) == 6  # session, 3 attendance, 2 assessments

    page.close()
    page = open_app(context, server.url)  # reopened with no network at all
    wait_screen(page, "today")
    expect(page.get_by_text("Reading drawings offline")).to_be_visible()
    assert len(outbox(page)) == 6
    expect(page.locator("#sync-status")).to_have_text("6 waiting")

    go_online(context, server)
    wait_outbox_empty(page)
    expect(page.locator("#sync-status")).to_have_text(re.compile("Synced"))

    with app.app_context():
        sessions = db.session.scalars(select(TrainingSession).where(TrainingSession.topic == "Reading drawings offline")).all()
        assert len(sessions) == 1 and sessions[0].duration_minutes == 180
        marks = db.session.execute(
            select(Participant.code, Attendance.status).join(Participant, Participant.id == Attendance.participant_id)
            .where(Attendance.session_id == sessions[0].id).order_by(Participant.code)).all()
        assert [tuple(m) for m in marks] == [("A-001", "present"), ("A-002", "absent"), ("A-003", "present")]
        levels = db.session.execute(
            select(Assessment.level).join(Participant, Participant.id == Assessment.participant_id)
            .where(Participant.code == "A-001").order_by(Assessment.level)).scalars().all()
        assert levels == [2, 3]
        assert db.session.scalar(select(func.count()).select_from(Assessment)) == 2
