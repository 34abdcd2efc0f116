"""Issue 15 items 1–4 in Chromium at 360×740: the sync screen lists what waits and repaints on a
language change; a phone a coordinator signs out loses every pulled record and keeps what it had not
sent, sealed with its user's password, until they sign in again; a deactivated user's sealed records
reach the server through a backup file imported on the devices page; retention removes old synced
records and never an unsynced one."""
import json
import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import PASSWORD

from .conftest import AXE, PHONE, ROOT, TIMEOUT_MS
from .phone import count_sessions, go, idb, log_session, open_app, outbox, sign_in, sync_now, wait_outbox_empty, \
    wait_screen, wait_until
from .test_screens import AXE_SERIOUS

pytestmark = pytest.mark.e2e
SHOTS = ROOT / "test-artifacts" / "screenshots" / "phone-edges"

#: every IndexedDB store of the app as text (ArrayBuffers as latin-1 text, so ciphertext can be searched)
IDB_DUMP = """async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === 'field-mentor')) return {};
  const db = await new Promise((ok, fail) => { const r = indexedDB.open('field-mentor'); r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error); });
  const text = (value) => JSON.stringify(value, (key, v) => {
    if (v instanceof ArrayBuffer) return new TextDecoder('latin1').decode(v);
    if (ArrayBuffer.isView(v)) return new TextDecoder('latin1').decode(v);
    if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return '[CryptoKey]';
    return v;
  });
  const out = {};
  for (const name of db.objectStoreNames) {
    const [keys, values] = await Promise.all(['getAllKeys', 'getAll'].map((how) => new Promise((ok, fail) => {
      const r = db.transaction(name).objectStore(name)[how](); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); })));
    out[name] = keys.map((k, i) => [JSON.stringify(k), text(values[i])]);
  }
  db.close();
  return out;
}"""


def axe(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_SERIOUS) == [], name
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, name


def catalog(lang):
    return json.loads((ROOT / "field" / "static" / "i18n" / f"{lang}.json").read_text())["messages"]


class Slow:
    """Network latency on /api/v1/sync, so that a test sees the phone while a sync runs."""

    def __init__(self, app, seconds):
        self.app, self.seconds = app, seconds

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/api/v1/sync":
            time.sleep(self.seconds)
        return self.app(environ, start_response)


def test_the_sync_screen_lists_what_waits_follows_a_sync_and_repaints_in_another_language(app, server, device):
    context = device(bypass_csp=True)
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    go(page, "sync", "sync")
    expect(page.locator(".last-sync")).to_contain_text("just now")
    expect(page.locator("#waiting-list")).to_have_count(0)
    context.set_offline(True)
    log_session(page, "Pipe welding")
    go(page, "sync", "sync")
    item = page.locator("#waiting-list .waiting-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Session")
    expect(item).to_contain_text("Pipe welding")
    expect(item.locator(".waiting-age")).to_have_text("just now")
    expect(page.locator(".state-line")).to_contain_text("No connection")
    axe(page, "sync-waiting-en")

    server.wsgi.app = Slow(server.wsgi.app, 2.0)
    context.set_offline(False)  # the sync starts by itself: the line says so, not "No connection"
    expect(page.locator(".state-line")).to_have_text("Syncing now…", timeout=TIMEOUT_MS)
    expect(page.locator("#sync-status")).to_have_text("Syncing…")
    expect(page.locator("#waiting-list")).to_have_count(0, timeout=TIMEOUT_MS)  # the screen shows the outcome
    expect(page.locator(".state-line")).to_have_text("Connected.")

    context.set_offline(True)
    log_session(page, "Second weld")
    go(page, "sync", "sync")
    expect(page.locator("#sync-status")).to_have_text("1 waiting")
    bs = catalog("bs")
    page.get_by_label("Language").select_option("bs")
    forms = bs["%(num)s waiting"]
    waiting = (forms["one"] if isinstance(forms, dict) else forms).replace("%(num)s", "1")
    expect(page.locator("#sync-status")).to_have_text(waiting)  # the pill, without a reload
    expect(page.get_by_role("heading", level=1)).to_have_text(bs.get("Sync", "Sync"))
    expect(page.locator("#tabs")).to_contain_text(bs["Participants"])
    assert "Pipe welding" not in page.locator("#view").inner_text()
    axe(page, "sync-waiting-bs")
    page.get_by_label(bs.get("Language", "Language")).select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    axe(page, "sync-waiting-ar")


def revoke_in_browser(browser, url, person):
    staff = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = staff.new_page()
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill("coord_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{url}/review/devices")
    row = page.locator("#devices tr", has_text=person)
    expect(row).to_contain_text("Field tablet 7")
    axe(page, "devices")
    page.set_viewport_size({"width": 1280, "height": 800})
    axe(page, "devices-1280")
    page.set_viewport_size(PHONE)
    row.get_by_role("link", name="Sign out device").click()
    expect(page.locator("#revoke-consequences")).to_contain_text("removes every participant")
    axe(page, "device-revoke-confirm")
    page.goto(f"{page.url}?lang=ar")
    axe(page, "device-revoke-confirm-ar")
    page.goto(page.url.split("?")[0] + "?lang=en")
    page.get_by_role("button", name="Sign out device").click()
    expect(page.locator(".flash")).to_contain_text("The device was signed out")
    staff.close()


def test_a_phone_signed_out_by_a_coordinator_keeps_only_sealed_records_for_their_owner(app, server, device, browser):
    context = device(bypass_csp=True)
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    go(page, "sync", "sync")
    page.get_by_label("Name of this phone").fill("Field tablet 7")
    page.get_by_role("button", name="Save name").click()
    sync_now(page)
    people = idb(page, "records", "participant")
    assert people, "the phone pulled its participants"
    names = [p["data"]["family_name"] for p in people] + [p["data"]["code"] for p in people]
    token = next(v["token"] for v in idb(page, "meta") if isinstance(v, dict) and v.get("token"))

    context.set_offline(True)
    log_session(page, "Sealed welding")
    assert len(outbox(page)) == 1
    revoke_in_browser(browser, server.url, "Trainer A")
    context.set_offline(False)  # the next contact: the phone is told it was signed out
    wait_screen(page, "signin")
    expect(page.locator(".signed-out-notice")).to_contain_text("A coordinator signed this phone out")
    expect(page.locator(".signed-out-notice")).to_contain_text("1 record not yet sent")
    assert page.locator("#tabs").is_hidden() and page.locator("#sync-status").is_hidden()
    axe(page, "signed-out")
    page.get_by_label("Language").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    axe(page, "signed-out-ar")
    page.get_by_label(catalog("ar").get("Language", "Language")).select_option("en")

    dump = json.dumps(page.evaluate(IDB_DUMP), ensure_ascii=False)
    assert idb(page, "records") == [] and idb(page, "outbox") == [] and idb(page, "notices") == []
    for secret in names + ["Sealed welding", "Trainer A", token]:
        assert secret not in dump, secret
    meta = dict(page.evaluate(IDB_DUMP)["meta"])
    assert '"sealed"' in meta and '"vault"' not in meta  # the key left with the session: only the password opens it
    page.goto(f"{server.url}/#/participants")  # no way around the sign-in
    wait_screen(page, "signin")

    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".form-error")).to_have_text("Wrong username or password.")
    assert idb(page, "outbox") == []
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_screen(page, "today")
    wait_outbox_empty(page)
    assert count_sessions(app, "Sealed welding") == 1
    assert idb(page, "records", "participant"), "signed in again: the cohorts come back"


def test_a_deactivated_users_sealed_records_reach_the_server_through_a_backup_on_the_devices_page(
        app, server, device, browser, tmp_path):
    from api.accounts.writes import deactivate
    from models import User, db

    context = device(bypass_csp=True)
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    context.set_offline(True)
    log_session(page, "Handed over")
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "coord_a"))
        deactivate(admin, db.session.scalar(select(User).where(User.username == "trainer_a")))
        db.session.commit()
    context.set_offline(False)
    wait_screen(page, "signin")
    expect(page.locator(".signed-out-notice")).to_contain_text("deactivated your account")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".form-error")).to_have_text("Wrong username or password.")  # the server refuses
    with page.expect_download() as download:
        page.get_by_role("button", name="Download a backup for your coordinator").click()
    path = tmp_path / "handed-over.json"
    download.value.save_as(path)
    assert [c["data"].get("topic") for c in json.loads(path.read_text())["changes"]] == ["Handed over"]
    assert count_sessions(app, "Handed over") == 0

    staff = browser.new_context(viewport=PHONE, bypass_csp=True)
    coordinator = staff.new_page()
    coordinator.goto(f"{server.url}/login")
    coordinator.get_by_label("Username").fill("coord_a")
    coordinator.get_by_label("Password").fill(PASSWORD)
    coordinator.get_by_role("button", name="Sign in").click()
    coordinator.goto(f"{server.url}/review/devices")
    coordinator.get_by_label("Backup file from a signed-out phone").set_input_files(str(path))
    coordinator.get_by_role("button", name="Import backup").click()
    expect(coordinator.locator('[data-count="applied"]')).to_have_text("1")
    axe(coordinator, "device-import")
    staff.close()
    assert count_sessions(app, "Handed over") == 1


def test_retention_removes_old_synced_records_and_never_an_unsynced_one(app, server, device):
    from datetime import date, datetime, timedelta, timezone

    from api.sync.server_write import server_write
    from models import Programme, TrainingSession, User, db

    old_day = date.today() - timedelta(days=90)
    with app.app_context():
        programme = db.session.scalar(select(Programme).where(Programme.code == "prog-a"))
        admin = db.session.scalar(select(User).where(User.username == "coord_a"))
        server_write(db.session, admin, "programme", programme.id, {"retention_days": 30})
        old = db.session.scalar(select(TrainingSession).where(TrainingSession.programme_id == programme.id))
        old.date = old_day
        old.updated_at = datetime.now(timezone.utc) - timedelta(days=90)
        old_id = old.id
        db.session.commit()
    page = open_app(device(bypass_csp=True), server.url)
    sign_in(page, "trainer_a")
    wait_until(page, lambda: not any(r["id"] == old_id for r in idb(page, "records", "session")),
               what="the old session to leave the phone")
    assert idb(page, "records", "participant"), "people of a running cohort stay"
    go(page, "sync", "sync")
    expect(page.locator(".retention-line")).to_contain_text("30 days after they were last needed")

    log_session(page, "Kept while unsynced")  # offline: it waits
    page.context.set_offline(True)
    log_session(page, "Unsynced and old")
    waiting = {e["id"] for e in outbox(page)}
    a_year_on = "Date.now() + 400 * 86400000"
    removed = page.evaluate(f"() => import('/static/js/retention.js').then((m) => m.pruneExpired({a_year_on}))")
    assert removed >= 1
    kept = {r["id"] for r in idb(page, "records", "session")}
    assert waiting <= kept, "a record with a change waiting never leaves"
    assert {e["id"] for e in outbox(page)} == waiting
