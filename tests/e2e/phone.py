"""What a test does with the field app, as a person would, plus reads of its IndexedDB."""
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS, TIMEOUT_MS

#: JS run in the page: counts and reads of the app's own IndexedDB
IDB_READ = """async ([store, entity]) => {
  // Never create the database here: after sign-out it must stay gone until the app opens it.
  if (!(await indexedDB.databases()).some((d) => d.name === 'field-mentor')) return [];
  const db = await new Promise((ok, fail) => { const r = indexedDB.open('field-mentor'); r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error); });
  const rows = await new Promise((ok, fail) => { const r = db.transaction(store).objectStore(store).getAll();
    r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  db.close();
  return entity ? rows.filter((row) => row.entity === entity) : rows;
}"""


def wait_screen(page, name):
    page.wait_for_function("name => document.body.dataset.screen === name && document.getElementById('view').dataset.ready",
                           arg=name, timeout=TIMEOUT_MS)


def open_app(context, url, path=""):
    page = context.new_page()
    page.goto(f"{url}/{path}")
    return page


def sign_in(page, username, password=PASSWORD):
    wait_screen(page, "signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_screen(page, "today")


def wait_worker_ready(page):
    """The service worker controls the page (so a reload works offline)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")


def idb(page, store, entity=None):
    return page.evaluate(IDB_READ, [store, entity])


def outbox(page):
    return idb(page, "outbox")


def wait_until(page, condition, timeout_ms=TIMEOUT_MS * 2, what="condition"):
    """Poll condition() (which may read the page) until it is true; fail after timeout_ms."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        page.wait_for_timeout(150)


def wait_outbox_empty(page):
    try:
        wait_until(page, lambda: len(outbox(page)) == 0, what="the outbox to empty")
    except AssertionError:
        left = [{k: e.get(k) for k in ("entity", "op", "state", "attempts", "reason", "errors", "hold_until")}
                for e in outbox(page)]
        raise AssertionError(f"Timed out waiting for the outbox to empty; it holds {left}") from None


def go(page, path, screen):
    page.evaluate("path => { location.hash = '#/' + path; }", path)
    wait_screen(page, screen)


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def pill(page):
    return page.locator("#sync-status")


def expect_pill(page, pattern):
    expect(pill(page)).to_have_text(pattern, timeout=TIMEOUT_MS)


def go_offline(context, server):
    """No network for the page AND for its service worker (the server is gone)."""
    server.stop()
    context.set_offline(True)


def go_online(context, server):
    server.start()
    context.set_offline(False)


def sync_now(page):
    """Press "Sync now" and wait for its answer (a run that started after the press)."""
    from playwright.sync_api import expect

    go(page, "sync", "sync")
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#toast")).to_have_text("Sync finished.", timeout=TIMEOUT_MS * 2)


def db_id(app, model, **where):
    from sqlalchemy import select

    from models import db

    with app.app_context():
        return db.session.scalar(select(model.id).filter_by(**where))


def log_session(page, topic, minutes="180"):
    go(page, "today", "today")
    page.get_by_role("link", name="Log a session").first.click()
    wait_screen(page, "session-form")
    page.get_by_label("Topic").fill(topic)
    page.get_by_label("Duration in minutes").fill(minutes)
    page.get_by_role("button", name="Save session").click()
    wait_screen(page, "attendance")


def count_sessions(app, topic):
    from sqlalchemy import func, select

    from models import TrainingSession, db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(TrainingSession).where(TrainingSession.topic == topic))


def bad_attendance_backup(app, tmp_path):
    """A backup file holding one change the server rejects (status "sleeping"); (path, record id)."""
    import json
    import uuid

    from models import Participant, Programme, TrainingSession, attendance_id

    session_id = db_id(app, TrainingSession, programme_id=db_id(app, Programme, code="prog-a"))
    person_id = db_id(app, Participant, code="A-002")
    record_id = attendance_id(session_id, person_id)
    bad = {"session_id": session_id, "participant_id": person_id, "status": "sleeping"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({
        "format": "field-mentor-backup", "version": 1, "changes": [{
            "mutation_id": str(uuid.uuid4()), "entity": "attendance", "id": record_id, "op": "upsert", "data": bad,
            "hlc": "2026-11-20T08:00:00.000Z_0000_" + str(uuid.uuid4()), "base_version": None}],
        "records": [{"entity": "attendance", "id": record_id, "version": None, "data": bad}]}))
    return path, record_id


def expire_tokens(app, username):
    """The user's device tokens run out (a sign-in that expired: the phone keeps everything and asks
    for the password; a coordinator's sign-out is another case, tests/e2e/test_phone_edges.py)."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import select, update

    from models import DeviceToken, User, db

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        db.session.execute(update(DeviceToken).where(DeviceToken.user_id == user_id)
                           .values(expires_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
        db.session.commit()
