"""Field app figures, in real headless Chromium (and WebKitGTK for the offline reload) against the app on
loopback (SQLite).

    python bench/pwa_bench.py [--runs 5]

Prints, and writes to bench/results/pwa.json:
- app-shell bytes to first use: what the browser transfers (gzip as served) until the sign-in
  screen is usable, and the gzip size of everything the service worker precaches;
- time to interactive on a reload with the network off (shell from the service worker's cache), in Chromium
  and, beside it in the same run, in WebKitGTK (the engine of Safari on iOS; Selenium + WebKitWebDriver under
  Xvfb, the server stopped since WebKitGTK has no offline switch; skipped when not installed);
- the same with about 5,000 records on the phone (a trainer's cohort after months of sessions) and the
  CPU slowed 6× (CDP Emulation.setCPUThrottlingRate: a low-end phone), to a usable Today;
- time to save attendance for 30 people ("All present", and 30 single taps);
- taps to record a 30-person session with 2 absentees, counted while doing it.
Never pass/fail.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
READY = "name => document.body.dataset.screen === name && document.getElementById('view').dataset.ready"
OUTBOX_COUNT = """async () => { const { getAll } = await import('/static/js/db.js'); return (await getAll('outbox')).length; }"""


#: records on the phone for the big reload: 30 participants, SESSIONS sessions with 30 attendances each
SESSIONS = 158
THROTTLE = 6
#: when the app's start-up steps ended (performance marks set by js/app.js), ms after navigation start
MARKS = """() => Object.fromEntries([['html_received', Math.round(performance.getEntriesByType('navigation')[0].responseEnd)],
  ...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('fm:')).map((m) => [m.name.slice(3), Math.round(m.startTime)])])"""
IDB_COUNT = """async () => { const { openDb, req } = await import('/static/js/db.js'); const db = await openDb();
  return req(db.transaction('records').objectStore('records').count()); }"""


def make_app(tmp):
    from flask_migrate import upgrade

    from app import create_app
    from tests.conftest import TestConfig

    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                                                  "LOGIN_RATE_LIMIT": "1000 per minute"})
    app = create_app(config)
    app.instance_path = tmp
    with app.app_context():
        upgrade()
        from models import db
        from security.passwords import hash_password
        from tests.factories import build_world, make_participant

        world = build_world(hash_password("bench-password-1"))
        for i in range(4, 31):  # the world's cohort A1 has 3: make it 30
            make_participant(world.a.programme, world.a.cohort, f"A-{i:03d}")
        db.session.commit()
    return app


class Server:
    def __init__(self, app):
        self.app, self.port, self.server = app, 0, None

    def start(self):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def sign_in(page, url):
    page.goto(url)
    page.wait_for_function(READY, arg="signin")
    page.get_by_label("Username").fill("trainer_a")
    page.get_by_label("Password").fill("bench-password-1")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_function(READY, arg="today")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def shell_bytes(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sizes = {}
    page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
    page.goto(server.url)
    page.wait_for_function(READY, arg="signin")
    page.wait_for_load_state("networkidle")
    first_use = {u.replace(server.url, ""): n for u, n in sizes.items() if "/sw.js" not in u}
    context.close()
    with server.app.test_request_context():
        from field.shell import STATIC, shell_static_files

        precache = 0
        for rel in shell_static_files():
            with open(os.path.join(STATIC, rel), "rb") as fh:
                precache += len(gzip.compress(fh.read(), 6))
    return {"first_use_transfer_bytes": sum(first_use.values()), "first_use_requests": len(first_use),
            "precache_files": len(shell_static_files()), "precache_gzip_bytes": precache}


def offline_reload(browser, server, runs):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, server.url)
    server.stop()
    context.set_offline(True)
    times = []
    for _ in range(runs):
        page.reload()
        page.wait_for_function(READY, arg="today")
        times.append(page.evaluate("() => performance.now()"))
    context.close()
    server.start()
    return {"offline_reload_to_interactive_ms_median": round(statistics.median(times), 1),
            "offline_reload_to_interactive_ms_all": [round(t, 1) for t in times]}


def offline_reload_webkit(server, runs):
    """The same figure in WebKitGTK: signed in, the server stopped, reloaded ``runs`` times."""
    from tests.e2e.engines import Xvfb, WebKitPhone, quit_webkit, start_webkit, webkit_missing

    if webkit_missing():
        return {"webkit_offline_reload": f"not measured: {', '.join(webkit_missing())} missing"}
    display = Xvfb()
    driver, stopped = None, False
    try:
        driver = start_webkit(display.display)
        phone = WebKitPhone(server, driver)
        phone.goto()
        phone.wait_screen("signin")
        phone.fill("//*[@id=//label[normalize-space()='Username']/@for]", "trainer_a")
        phone.fill("//*[@id=//label[normalize-space()='Password']/@for]", "bench-password-1")
        phone.click("//button[normalize-space()='Sign in']")
        phone.wait_screen("today")
        phone.wait_for("navigator.serviceWorker.controller !== null")
        server.stop()
        stopped = True
        times = []
        for _ in range(runs):
            phone.reload()
            phone.wait_screen("today")
            times.append(phone.evaluate("performance.now()"))
        version = driver.capabilities.get("browserVersion", "?")
    finally:
        if driver is not None:
            quit_webkit(driver)
        display.stop()
        if stopped:
            server.start()
    return {"webkit_version": version,
            "webkit_offline_reload_to_interactive_ms_median": round(statistics.median(times), 1),
            "webkit_offline_reload_to_interactive_ms_all": [round(t, 1) for t in times]}


def add_history(app, sessions: int):
    """Months of sessions for cohort A1 (30 people), every one with attendance: what a busy phone holds."""
    from datetime import date, timedelta

    from sqlalchemy import select

    from models import Attendance, Cohort, Participant, attendance_id, db
    from tests.factories import add, make_session

    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.code == "a1"))
        people = db.session.scalars(select(Participant).where(Participant.cohort_id == cohort.id)).all()
        start = date.today() - timedelta(days=sessions + 1)
        for n in range(sessions):
            session = make_session(cohort, on=start + timedelta(days=n), topic=f"Session {n + 1}")
            for i, person in enumerate(people):
                add(Attendance(id=attendance_id(session.id, person.id), programme_id=cohort.programme_id,
                               cohort_id=cohort.id, session_id=session.id, participant_id=person.id,
                               status="absent" if (n + i) % 9 == 0 else "present"))
        db.session.commit()


def big_offline_reload(browser, server, runs):
    """Reload to a usable Today, offline, with ~5,000 records on the phone and the CPU throttled."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    sign_in(page, server.url)
    page.wait_for_function("() => document.getElementById('sync-status').classList.contains('tone-ok')",
                           timeout=300000)  # the first pull has brought everything
    records = page.evaluate(IDB_COUNT)
    server.stop()
    context.set_offline(True)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    times, phases = [], []
    for _ in range(runs):
        page.reload()
        page.wait_for_function(READY, arg="today", timeout=120000)
        times.append(page.evaluate("() => performance.now()"))
        phases.append(page.evaluate(MARKS))
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    median_run = sorted(range(runs), key=lambda i: times[i])[runs // 2]
    context.close()
    server.start()
    return {"big_reload_records_on_phone": records, "big_reload_cpu_throttle": THROTTLE,
            "big_reload_to_usable_today_ms_median": round(statistics.median(times), 1),
            "big_reload_to_usable_today_ms_min": round(min(times), 1),
            "big_reload_to_usable_today_ms_all": [round(t, 1) for t in times],
            "big_reload_phases_ms_of_median_run": phases[median_run],
            "load_average_during_run": round(os.getloadavg()[0], 1)}


def attendance(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    sign_in(page, server.url)
    server.stop()
    context.set_offline(True)  # nothing leaves: we time the phone alone
    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    tap(page.get_by_role("link", name="Log a session").first)
    page.wait_for_function(READY, arg="session-form")
    tap(page.get_by_label("Topic"))
    page.keyboard.type("Setting up the CNC lathe")
    tap(page.get_by_role("button", name="Save session"))
    page.wait_for_function(READY, arg="attendance")
    people = page.locator("button.person")
    assert people.count() == 30, people.count()
    started = page.evaluate("() => performance.now()")
    tap(page.get_by_role("button", name="All present"))
    page.wait_for_function(f"() => ({OUTBOX_COUNT})().then((n) => {{ window.__n = n; }}) && window.__n === 31",
                           polling=10)
    all_present_ms = page.evaluate("() => performance.now()") - started
    tap(people.nth(4))
    tap(people.nth(17))
    page.wait_for_function("() => document.querySelectorAll('button.person[data-status=absent]').length === 2")
    taps_total = taps

    # 30 single taps on a second session (each tap its own transaction)
    page.evaluate("() => { location.hash = '#/today'; }")
    page.wait_for_function(READY, arg="today")
    page.get_by_role("link", name="Log a session").first.click()
    page.wait_for_function(READY, arg="session-form")
    page.get_by_label("Topic").fill("Second session")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_function(READY, arg="attendance")
    started = page.evaluate("() => performance.now()")
    for i in range(30):
        page.locator("button.person").nth(i).click()
    page.wait_for_function(f"() => ({OUTBOX_COUNT})().then((n) => {{ window.__m = n; }}) && window.__m === 62",
                           polling=10)
    single_taps_ms = page.evaluate("() => performance.now()") - started
    context.close()
    server.start()
    return {"all_present_30_saved_ms": round(all_present_ms, 1), "thirty_single_taps_saved_ms": round(single_taps_ms, 1),
            "taps_30_people_2_absent": taps_total,
            "taps_note": "from Today: Log a session, Topic field, Save session, All present, 2 absentees "
                         "(plus typing the topic; duration and date keep their defaults)"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only-big-reload", action="store_true", help="only the 5,000-record reload")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(tmp)
        server = Server(app)
        server.start()
        figures = {"machine_cores": os.cpu_count(), "viewport": "360x740"}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            if not args.only_big_reload:
                figures.update(shell_bytes(browser, server))
                figures.update(offline_reload(browser, server, args.runs))
                figures.update(attendance(browser, server))
                figures["chromium_version"] = browser.version
                figures.update(offline_reload_webkit(server, args.runs))  # WebKit beside Chromium, same run
            add_history(app, SESSIONS)
            figures.update(big_offline_reload(browser, server, args.runs))
            browser.close()
        server.stop()
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    name = "pwa_big_reload.json" if args.only_big_reload else "pwa.json"
    with open(os.path.join(ROOT, "bench", "results", name), "w") as fh:
        json.dump(figures, fh, indent=2)
    for key, value in figures.items():
        print(f"{key:42} {value}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"{'bench_seconds':42} {round(time.monotonic() - started, 1)}")
