"""What a test does with the field app, as a person would, plus reads of its IndexedDB."""
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS, TIMEOUT_MS

#: JS run in the page: counts and reads of the app's own IndexedDB
IDB_READ = """async ([store, entity]) => {
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
    page.get_by_role("button", name="Sign in").click()
    wait_screen(page, "today")


def wait_worker_ready(page):
    """The service worker controls the page (so a reload works offline)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def idb(page, store, entity=None):
    return page.evaluate(IDB_READ, [store, entity])


def outbox(page):
    return idb(page, "outbox")


def wait_outbox_empty(page):
    page.wait_for_function(f"({IDB_READ})(['outbox']).then((rows) => rows.length === 0)", timeout=TIMEOUT_MS * 2)


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
