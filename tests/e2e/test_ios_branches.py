"""The app's iOS branches (field/static/js/ios.js and where they show), run in Chromium and in WebKitGTK.

WebKitGTK is the engine, not iOS's policies: the decisions are run with stubbed navigator objects, and the
screens with the page's own navigator given an iPhone's user agent (and standalone) before they render."""
import json
import time

import pytest

from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS
from .engines import by_label, by_text, phone_factory, webkit_device, xvfb  # noqa: F401  (fixtures)
from .phone import IDB_READ
from .test_phone_journeys import sign_in

pytestmark = pytest.mark.e2e

IOS = "import(location.origin + '/static/js/ios.js')"
SAFARI_17 = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/17.5 Mobile/15E148 Safari/604.1")
SAFARI_15 = ("Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/15.6 Mobile/15E148 Safari/604.1")
CHROME_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1")
IPAD_DESKTOP = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/17.5 Safari/605.1.15")
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile "
           "Safari/537.36")

#: (navigator stub, display-mode standalone?, hint dismissed?, has the Push API?) → expected decisions
CASES = [
    ({"userAgent": SAFARI_17, "platform": "iPhone", "maxTouchPoints": 5}, False, False, True,
     {"ios": True, "standalone": False, "safari": True, "hint": True, "push": "needs-home-screen"}),
    ({"userAgent": SAFARI_17, "platform": "iPhone", "maxTouchPoints": 5, "standalone": True}, False, False, True,
     {"ios": True, "standalone": True, "safari": True, "hint": False, "push": "ok"}),
    ({"userAgent": SAFARI_17, "platform": "iPhone", "maxTouchPoints": 5}, True, False, True,
     {"ios": True, "standalone": True, "safari": True, "hint": False, "push": "ok"}),
    ({"userAgent": SAFARI_17, "platform": "iPhone", "maxTouchPoints": 5}, False, True, True,
     {"ios": True, "standalone": False, "safari": True, "hint": False, "push": "needs-home-screen"}),
    ({"userAgent": SAFARI_15, "platform": "iPhone", "maxTouchPoints": 5, "standalone": True}, False, False, False,
     {"ios": True, "standalone": True, "safari": True, "hint": False, "push": "ios-too-old"}),
    ({"userAgent": CHROME_IOS, "platform": "iPhone", "maxTouchPoints": 5}, False, False, False,
     {"ios": True, "standalone": False, "safari": False, "hint": False, "push": "needs-home-screen"}),
    ({"userAgent": IPAD_DESKTOP, "platform": "MacIntel", "maxTouchPoints": 5}, False, False, True,
     {"ios": True, "standalone": False, "safari": True, "hint": True, "push": "needs-home-screen"}),
    ({"userAgent": IPAD_DESKTOP, "platform": "MacIntel", "maxTouchPoints": 0}, False, False, True,
     {"ios": False, "standalone": False, "safari": False, "hint": False, "push": "ok"}),
    ({"userAgent": ANDROID, "platform": "Linux armv8l", "maxTouchPoints": 5}, False, False, True,
     {"ios": False, "standalone": False, "safari": False, "hint": False, "push": "ok"}),
    ({"userAgent": ANDROID, "platform": "Linux armv8l", "maxTouchPoints": 5}, False, False, False,
     {"ios": False, "standalone": False, "safari": False, "hint": False, "push": "unsupported"}),
]


def test_ios_decisions_with_a_stubbed_navigator(app, server, phone_factory):
    phone = phone_factory(server)
    phone.goto()
    phone.wait_screen("signin")
    cases = json.dumps([[nav, standalone, dismissed, push] for nav, standalone, dismissed, push, _ in CASES])
    got = phone.evaluate(f"""{IOS}.then((m) => {cases}.map(([nav, standalone, dismissed, push]) => {{
        const info = m.detect(nav, () => standalone);
        return {{ ios: info.ios, standalone: info.standalone, safari: info.safari,
                 hint: m.installHintShown(info, dismissed), push: m.pushState(info, push) }};
    }}))""")
    assert got == [expected for *_, expected in CASES]
    now = 1_800_000_000_000
    ages = phone.evaluate(f"""{IOS}.then((m) => [m.oldestUnsyncedHours([], {now}),
        m.oldestUnsyncedHours([{{created_at: {now} - 50 * 3600000}}, {{created_at: {now} - 3600000}}], {now}),
        m.lostDatabase('1', false), m.lostDatabase('1', true), m.lostDatabase(null, false)])""")
    assert ages == [None, 50, True, False, False]


def as_iphone(phone, standalone=False):
    """The page's own navigator says iPhone Safari (what ios.js reads when a screen renders)."""
    phone.evaluate(f"""(() => {{
        Object.defineProperty(navigator, 'userAgent', {{ get: () => {json.dumps(SAFARI_17)}, configurable: true }});
        Object.defineProperty(navigator, 'platform', {{ get: () => 'iPhone', configurable: true }});
        Object.defineProperty(navigator, 'standalone', {{ get: () => {json.dumps(standalone)}, configurable: true }});
        return true; }})()""")


def test_on_an_iphone_the_sync_screen_offers_home_screen_and_says_why_no_notifications(app, server, phone_factory):
    phone = phone_factory(server)
    sign_in(phone, "trainer_a")
    as_iphone(phone)
    phone.go("sync", "sync")
    phone.wait_text("//*[contains(@class,'install-hint')]", "Add to Home Screen")
    phone.wait_text("//*[@id='push']", "only once Field Mentor is added to the home screen")
    phone.wait_text("//p[contains(@class,'oldest-unsynced')]", "Every change is on the server.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.evaluate("(document.querySelector('.install-hint').scrollIntoView({block: 'center'}), true)")
    phone.screenshot(SCREENSHOTS / f"iphone-install-hint-{phone.engine}.png")
    phone.evaluate("(document.getElementById('push').scrollIntoView({block: 'center'}), true)")
    phone.screenshot(SCREENSHOTS / f"iphone-push-note-{phone.engine}.png")
    phone.click("//*[contains(@class,'install-hint')]//button")
    phone.wait_for("!document.querySelector('.install-hint')")
    phone.go("today", "today")
    phone.go("sync", "sync")  # dismissed stays dismissed
    assert phone.evaluate("!document.querySelector('.install-hint')")

    phone.evaluate("localStorage.removeItem('fm-install-hint-dismissed')")
    as_iphone(phone, standalone=True)  # inside the installed app: never the hint
    phone.go("today", "today")
    phone.go("sync", "sync")
    assert phone.evaluate("!document.querySelector('.install-hint')")


def test_a_lost_database_is_said_plainly_and_signing_in_brings_the_server_records_back(app, server, phone_factory):
    phone = phone_factory(server)
    sign_in(phone, "trainer_a")
    # what iOS does to a site's storage after days without use (the marker outside IndexedDB stays here)
    phone.evaluate("new Promise((ok) => { const r = indexedDB.deleteDatabase('field-mentor'); r.onsuccess = r.onerror = () => ok(true); })")
    phone.reload()
    phone.wait_screen("signin")
    phone.wait_text("//*[@data-banner='lost-database']", "The records kept on this phone are gone")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(SCREENSHOTS / f"lost-database-{phone.engine}.png")
    phone.click("//*[@data-banner='lost-database']//button")
    phone.fill(by_label("Username"), "trainer_a")
    phone.fill(by_label("Password"), PASSWORD)
    phone.click(by_text("button", "Sign in"))
    phone.wait_screen("today")
    phone.wait_for(f"({IDB_READ})(['records']).then((rows) => rows.some((r) => r.entity === 'participant'))",
                   timeout_ms=60000, what="the server's records back on the phone")
    phone.reload()
    phone.wait_screen("today")
    assert phone.evaluate("!document.querySelector('[data-banner=\"lost-database\"]')")


def test_the_keyboard_never_hides_save(app, server, phone_factory):
    phone = phone_factory(server)
    sign_in(phone, "trainer_a")
    phone.go("session/new", "session-form")
    phone.click(by_label("Topic"))
    phone.wait_for("document.body.classList.contains('typing')")
    assert phone.evaluate("getComputedStyle(document.getElementById('tabs')).display") == "none"
    hit = phone.evaluate("""(() => { const save = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Save session');
        save.scrollIntoView({block: 'end'}); const r = save.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === save; })()""")
    assert hit
    phone.evaluate("(document.activeElement.blur(), true)")
    phone.wait_for("!document.body.classList.contains('typing')")
    numbers = phone.evaluate("[...document.querySelectorAll('#view input')].map((i) => [i.type, i.inputMode])")
    assert ["number", "numeric"] in numbers and ["date", ""] in numbers


def test_without_background_sync_the_app_sends_when_it_becomes_visible(app, server, phone_factory):
    """iOS has no Background Sync (WebKitGTK neither): a change made with the server away is sent as soon
    as the app comes back to the foreground (visibilitychange), without waiting for the 30 s timer."""
    from .phone import count_sessions

    phone = phone_factory(server)
    sign_in(phone, "trainer_a")
    has_sync_manager = phone.evaluate("'SyncManager' in window")
    assert has_sync_manager == (phone.engine == "chromium")
    phone.set_offline(True)
    phone.go("session/new", "session-form")
    phone.fill(by_label("Topic"), "Sent when visible")
    phone.click(by_text("button", "Save session"))
    phone.wait_screen("attendance")
    phone.wait_text("//*[@id='sync-status']", "^1 waiting$")
    phone.set_offline(False)
    phone.evaluate("(document.dispatchEvent(new Event('visibilitychange')), true)")
    phone.wait_for(f"({IDB_READ})(['outbox']).then((rows) => rows.length === 0)", timeout_ms=15000,
                   what="the change to be sent on visibilitychange")
    deadline = time.monotonic() + 15
    while count_sessions(app, "Sent when visible") != 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert count_sessions(app, "Sent when visible") == 1
