"""The main phone journeys written once (engines.Phone) and run at 360×740 on Chromium (Playwright) and on
WebKitGTK (Selenium + WebKitWebDriver, the engine of Safari on iOS): sign in; reload with the server stopped;
a session with attendance and an assessment recorded offline; the tab closed and reopened; back online and
synced exactly once; the backup file written and read back; Arabic, right to left."""
import json

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS
from .engines import by_label, by_text, phone_factory, webkit_device, xvfb  # noqa: F401  (fixtures)
from .phone import IDB_READ

pytestmark = pytest.mark.e2e

TOPIC = "Reading drawings offline"


def outbox_count(phone):
    return len(phone.evaluate(f"({IDB_READ})(['outbox'])"))


def sign_in(phone, username, password=PASSWORD):
    phone.goto()
    phone.wait_screen("signin")
    phone.fill(by_label("Username"), username)
    phone.fill(by_label("Password"), password)
    phone.click(by_text("button", "Sign in"))
    phone.wait_screen("today")
    phone.wait_for("navigator.serviceWorker.controller !== null", what="the service worker to control the page")


def record_session_offline(phone):
    phone.go("today", "today")
    phone.click(by_text("a", "Log a session"))
    phone.wait_screen("session-form")
    phone.fill(by_label("Topic"), TOPIC)
    phone.fill(by_label("Duration in minutes"), "180")
    phone.click(by_text("button", "Save session"))
    phone.wait_screen("attendance")
    phone.click(by_text("button", "All present"))
    phone.click("//button[contains(@class,'person')][contains(normalize-space(), 'A-002')]")  # present → absent
    phone.wait_text("//p[contains(@class,'summary')]", "2 present, 0 late, 1 absent")
    phone.click("//a[contains(@class,'back')][contains(normalize-space(), 'Session')]")
    phone.wait_screen("session-view")
    phone.click("//a[contains(normalize-space(), 'A-001')]")
    phone.wait_screen("assess")
    # the levels of a skill are one row of numbered chips (the chosen level's words show under it)
    phone.click("//fieldset[legend[normalize-space()='Read a drawing']]//label[span[contains(@class,'chip-face')][normalize-space()='2']]")
    phone.click("//fieldset[legend[normalize-space()='Set up the machine']]//label[span[contains(@class,'chip-face')][normalize-space()='3']]")
    phone.click(by_text("button", "Save levels"))
    phone.wait_screen("session-view")


def test_offline_work_reopened_synced_once_backup_and_arabic(app, server, phone_factory, tmp_path):
    from models import Assessment, Attendance, Participant, TrainingSession, db

    phone = phone_factory(server)
    sign_in(phone, "trainer_a")

    phone.set_offline(True)
    phone.reload()
    phone.wait_screen("today")  # the shell came from the service worker's cache, the server is gone

    record_session_offline(phone)
    assert outbox_count(phone) == 6  # session, 3 attendance, 2 assessments
    backup = tmp_path / "backup.json"
    phone.go("sync", "sync")
    phone.save_backup(backup)  # written while offline
    written = json.loads(backup.read_text())
    assert written["format"] == "field-mentor-backup" and len(written["changes"]) == 6

    phone.reopen()  # closed and opened again with no server at all
    phone.wait_screen("today")
    phone.wait_text(f"//*[contains(normalize-space(), '{TOPIC}')]", TOPIC)
    assert outbox_count(phone) == 6
    phone.wait_text("//*[@id='sync-status']", "^6 waiting$")

    phone.set_offline(False)
    phone.wait_for(f"({IDB_READ})(['outbox']).then((rows) => rows.length === 0)", timeout_ms=90000,
                   what="the outbox to empty")
    phone.wait_text("//*[@id='sync-status']", "Synced")

    def on_server():
        with app.app_context():
            sessions = db.session.scalars(select(TrainingSession).where(TrainingSession.topic == TOPIC)).all()
            assert len(sessions) == 1 and sessions[0].duration_minutes == 180
            marks = db.session.execute(
                select(Participant.code, Attendance.status).join(Participant, Participant.id == Attendance.participant_id)
                .where(Attendance.session_id == sessions[0].id).order_by(Participant.code)).all()
            assert [tuple(m) for m in marks] == [("A-001", "present"), ("A-002", "absent"), ("A-003", "present")]
            assert db.session.scalar(select(func.count()).select_from(Assessment)) == 2

    on_server()

    # The backup file read back through the sync screen's import: its 6 changes are taken in and sent
    # again, and the server (which has them) changes nothing.
    phone.go("sync", "sync")
    phone.upload("//input[@id='import-backup']", backup)
    phone.wait_text("//*[@id='toast']", "6 changes imported")
    phone.wait_for(f"({IDB_READ})(['outbox']).then((rows) => rows.length === 0)", timeout_ms=90000,
                   what="the imported changes to be answered")
    on_server()

    phone.go("language?back=today", "language")
    phone.click("//button[@lang='ar']")
    phone.wait_screen("today")
    phone.wait_for("document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar'")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(SCREENSHOTS / f"journey-today-ar-{phone.engine}.png")
    assert phone.evaluate("[innerWidth, innerHeight]") == [360, 740]
