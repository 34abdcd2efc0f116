"""Backup to a file and import on another phone; a rejected change stays visible, is fixed
and sent again; sign-out warns while records wait and leaves nothing personal behind."""
import json
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from .phone import (bad_attendance_backup, count_sessions, db_id, go, go_offline, go_online, idb, log_session, open_app, outbox, sign_in,
                    sync_now, wait_outbox_empty, wait_screen, wait_worker_ready)

pytestmark = pytest.mark.e2e


def test_backup_carried_to_another_phone_lands_once(app, server, device, tmp_path):
    from models import AppliedMutation, db

    first_context = device()
    first = open_app(first_context, server.url)
    sign_in(first, "trainer_a")
    wait_worker_ready(first)
    go_offline(first_context, server)
    log_session(first, "Welding basics")
    go(first, "sync", "sync")
    with first.expect_download() as download:
        first.get_by_role("button", name="Download backup").click()
    path = tmp_path / "backup.json"
    download.value.save_as(path)
    backup = json.loads(path.read_text())
    assert [c["entity"] for c in backup["changes"]] == ["session"]

    first.get_by_role("button", name="Sign out").click()  # records wait: it warns
    expect(first.get_by_role("dialog")).to_contain_text("1 record has not reached the server")
    first.get_by_role("button", name="Cancel").click()
    assert len(outbox(first)) == 1

    server.start()  # the first phone stays offline
    second = open_app(device(), server.url)
    sign_in(second, "trainer_a")
    go(second, "sync", "sync")
    second.locator("#import-backup").set_input_files(str(path))
    expect(second.locator("#toast")).to_contain_text("1 change imported")
    sync_now(second)
    wait_outbox_empty(second)
    assert count_sessions(app, "Welding basics") == 1

    first_context.set_offline(False)  # the same change from the first phone: it changes nothing
    wait_outbox_empty(first)
    assert count_sessions(app, "Welding basics") == 1
    with app.app_context():  # the ledger is per device: each phone's answer is kept, the record once
        assert db.session.scalar(select(func.count()).select_from(AppliedMutation)
                                 .where(AppliedMutation.mutation_id == backup["changes"][0]["mutation_id"])) == 2

    go(first, "sync", "sync")
    first.get_by_role("button", name="Sign out").click()
    expect(first.get_by_role("dialog")).to_contain_text("Everything about participants is removed")
    first.get_by_role("dialog").get_by_role("button", name="Sign out").click()
    wait_screen(first, "signin")
    assert idb(first, "records") == [] and idb(first, "outbox") == []
    assert first.evaluate("() => caches.keys()") == [first.evaluate("() => caches.keys()")[0]]  # the shell only


def test_rejected_change_stays_visible_and_is_fixed_and_resent(app, server, device, tmp_path):
    from models import Attendance, db

    path, record_id = bad_attendance_backup(app, tmp_path)

    page = open_app(device(), server.url)
    sign_in(page, "trainer_a")
    go(page, "sync", "sync")
    page.locator("#import-backup").set_input_files(str(path))
    expect(page.locator("#sync-status")).to_have_text("1 to fix")
    go(page, "sync", "sync")
    problem = page.locator(".problem")
    expect(problem).to_contain_text("Some fields are not valid.")
    expect(problem).to_contain_text("status:")
    assert [e["state"] for e in outbox(page)] == ["rejected"]

    problem.get_by_role("link", name="Fix").click()
    wait_screen(page, "attendance")
    person = page.get_by_role("button", name=re.compile("GivenA-002"))
    expect(person).to_contain_text("sleeping")
    person.click()  # → present, sent again as a new change
    expect(person).to_contain_text("Present")
    wait_outbox_empty(page)
    with app.app_context():
        assert db.session.scalar(select(Attendance.status).where(Attendance.id == record_id)) == "present"
    expect(page.locator("#sync-status")).to_have_text(re.compile("Synced"))
