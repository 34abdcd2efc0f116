"""Push in real headless Chromium: the permission flow of /static/js/push.js and the push
handlers of /static/sw-push.js, in the app's own service worker (/sw.js).

What headless Chromium allows here, and what it does not: ``pushManager.subscribe()``
needs the browser's own push service (Google's FCM for Chromium), which this machine
cannot reach, so a real browser-made subscription is out of reach. The tests therefore
(1) drive the permission UI up to that call and check it fails gracefully, (2) POST a
subscription object made in the test (a real P-256 key pair and auth secret) through the
page's own JS, and check the server stores it for this device and that `flask push
send-due` delivers to it (decrypted by the loopback receiver), and (3) hand the service
worker push messages through the DevTools protocol (ServiceWorker.deliverPushMessage),
the way DevTools' "Push" button does, to test the worker's push and click handlers. A
notification click cannot be made on a headless system notification: the test dispatches a
``notificationclick`` event with the shown Notification inside the worker instead.
The page is a harness standing in for the app shell (push_harness/): it registers /sw.js and
answers the worker's {type: 'sync'} messages as js/sync-loop.js does.
"""
import json
import os
from datetime import timedelta

import pytest
from flask import Blueprint, send_from_directory
from sqlalchemy import select

from models import DeviceToken, PushSubscription, db
from tests.factories import make_session
from tests.push_helpers import PUSH_TEST_CONFIG, evening, fresh
from tests.push_receiver import PushReceiver

pytestmark = pytest.mark.e2e
HARNESS = os.path.join(os.path.dirname(__file__), "push_harness")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def harness_blueprint():
    bp = Blueprint("e2e_push", __name__)

    @bp.get("/e2e-push/page")
    def page():
        return send_from_directory(HARNESS, "page.html")

    @bp.get("/e2e-push/page.js")
    def page_js():
        return send_from_directory(HARNESS, "page.js", mimetype="text/javascript")

    return bp


@pytest.fixture
def app(app_factory):
    app = app_factory(**PUSH_TEST_CONFIG, PUSH_APP_PATH="/e2e-push/page")
    app.register_blueprint(harness_blueprint())
    return app


#: counts calls of Notification.requestPermission, installed before any page script runs
COUNT_PERMISSION_REQUESTS = """
window.__permissionRequests = 0;
const original = Notification.requestPermission.bind(Notification);
Notification.requestPermission = (...args) => { window.__permissionRequests += 1; return original(...args); };
"""


@pytest.fixture
def chromium(tmp_path):
    """``chromium(profile=True)``: a real profile, as a phone has (Chromium refuses the Push API's
    subscribe() in incognito contexts); ``profile=False``: a fresh incognito context, where
    notifications shown from a pushed message stay listed reliably (with a profile, headless
    Chromium now and then drops a notification it just showed)."""
    from playwright.sync_api import sync_playwright

    opened = []
    with sync_playwright() as p:
        def launch(grant=True, origin=None, profile=False):
            if profile:
                context = p.chromium.launch_persistent_context(
                    str(tmp_path / f"profile{len(opened)}"), executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                opened.append(context)
            else:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                opened.append(browser)
                context = browser.new_context()
            if grant:
                context.grant_permissions(["notifications"], origin=origin)
            return context

        yield launch
        for thing in opened:
            thing.close()


@pytest.fixture
def receiver(client):
    server = PushReceiver(client.get("/api/v1/push/key").get_json()["public_key"]).start()
    yield server
    server.stop()


def open_harness(context, live_server, device, timeout_ms=20000, **more):
    page = context.pages[0] if context.pages else context.new_page()
    page.add_init_script(COUNT_PERMISSION_REQUESTS)
    extra = "".join(f"&{name}={value}" for name, value in more.items())
    page.goto(f"{live_server}/e2e-push/page#token={device.token}&device={device.device_id}&timeout={timeout_ms}{extra}")
    page.wait_for_selector("#ready:not([hidden])", state="attached", timeout=15000)
    return page


def deliver_push(context, page, live_server, payload: dict):
    """Hand the worker a push message as the browser's push service would (DevTools' "Push" button)."""
    cdp = context.new_cdp_session(page)
    registrations, versions = [], []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.on("ServiceWorker.workerVersionUpdated", lambda event: versions.extend(event["versions"]))
    cdp.send("ServiceWorker.enable")

    def running_registration():
        ours = {r["registrationId"] for r in registrations if r["scopeURL"] == f"{live_server}/" and not r["isDeleted"]}
        return next((v["registrationId"] for v in reversed(versions) if v["registrationId"] in ours
                     and v["status"] == "activated" and v["runningStatus"] == "running"), None)

    # hand it over once DevTools reports the worker activated and running
    registration = wait_until(page, running_registration)
    cdp.send("ServiceWorker.deliverPushMessage",
             {"origin": live_server, "registrationId": registration, "data": json.dumps(payload)})


def notifications(page) -> list:
    return page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map((n) => ({title: n.title, body: n.body, lang: n.lang,
            dir: n.dir, tag: n.tag, data: n.data}));
    }""")


def wait_until(page, check, timeout_ms=10000):
    for _ in range(timeout_ms // 100):
        value = check()
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


def test_permission_is_asked_only_after_the_button_and_a_failure_is_explained(world, api, live_server, chromium,
                                                                              app):
    phone = api("trainer_a")
    context = chromium(origin=live_server, profile=True)
    page = open_harness(context, live_server, phone, timeout_ms=2000)
    section = page.locator(".fm-push")
    assert section.get_attribute("data-state") == "off"
    assert "works without notifications" in page.inner_text(".fm-push-why")
    assert page.evaluate("window.__permissionRequests") == 0  # nothing asked on load
    page.click(".fm-push-on")
    status = page.locator(".fm-push-status")
    status.filter(has_text="could not be turned on").wait_for(timeout=10000)
    assert page.evaluate("window.__permissionRequests") == 1
    # no push service is reachable from here, so pushManager.subscribe() never completes: the page
    # gives up after its timeout, says so, and stays usable; the server stores nothing
    assert section.get_attribute("data-state") == "off"
    assert page.locator(".fm-push-on").is_enabled()
    with app.app_context():
        assert db.session.scalars(select(PushSubscription)).all() == []


def test_a_refused_permission_keeps_everything_else_working(world, api, live_server, chromium):
    phone = api("trainer_a")
    context = chromium(grant=False, profile=True)
    page = open_harness(context, live_server, phone)
    page.click(".fm-push-on")
    page.locator(".fm-push-status").filter(has_text="Notifications stay off").wait_for(timeout=10000)
    assert page.evaluate("window.__permissionRequests") == 1
    assert page.locator(".fm-push").get_attribute("data-state") in ("off", "denied")


def test_subscription_posted_by_the_page_is_stored_for_the_device_and_used(app, world, api, live_server, chromium,
                                                                         receiver, runner):
    phone = api("trainer_a")
    context = chromium(origin=live_server)
    page = open_harness(context, live_server, phone)
    browser_made = receiver.subscription("chromium-page")
    answer = page.evaluate("([token, sub]) => window.fmPushTest.saveSubscription(token, sub)",
                           [phone.token, browser_made.to_json()])
    assert answer == {"subscribed": True, "endpoint": browser_made.endpoint}
    with app.app_context():
        stored = db.session.scalar(select(PushSubscription))
        device = db.session.get(DeviceToken, stored.device_token_id)
        assert (device.device_id, stored.endpoint) == (phone.device_id, browser_made.endpoint)
        session = make_session(fresh(world.a.cohort), on=evening().date() + timedelta(days=1), start_time="07:00")
        db.session.commit()
        session_id = session.id
    result = runner.invoke(args=["push", "send-due", "--now", evening().isoformat()])
    assert "sent 1" in result.output, result.output
    [got] = receiver.to("chromium-page")
    assert got.vapid_error is None and got.payload["ids"] == {"session_id": session_id}

    # the same payload, handed to the worker: a notification in the user's language; a click opens the screen
    deliver_push(context, page, live_server, got.payload)
    [shown] = wait_until(page, lambda: notifications(page))
    assert (shown["title"], shown["lang"], shown["tag"]) == ("Tomorrow: Training", "en", f"session_reminder:{session_id}")
    assert shown["body"].startswith("07:00 · ")
    assert shown["data"]["url"] == f"{live_server}/e2e-push/page#/session/{session_id}"
    page.evaluate("""() => { window.samePage = true; window.hashChanges = [];
        addEventListener('hashchange', () => window.hashChanges.push(location.hash)); }""")
    worker = context.service_workers[0]
    # a test cannot click a system notification: the worker is handed the click event instead
    worker.evaluate("""async () => {
        const [notification] = await self.registration.getNotifications();
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    }""")
    page.wait_for_url(f"{live_server}/e2e-push/page#/session/{session_id}", timeout=10000)
    assert worker.evaluate("self.registration.getNotifications().then((list) => list.length)") == 0
    # the open app was not reloaded: its router heard the new hash route, the one signal it needs
    assert page.evaluate("[window.samePage, window.hashChanges]") == [True, [f"#/session/{session_id}"]]
    assert page.evaluate("window.fmPushTest.messages") == []


@pytest.mark.parametrize("sync_ok", [True, False])
def test_sync_push_has_the_open_app_run_a_sync(app, world, api, live_server, chromium, receiver, runner, sync_ok):
    phone = api("trainer_a")
    context = chromium(origin=live_server)
    page = open_harness(context, live_server, phone, syncok="yes" if sync_ok else "no")
    page.evaluate("([token, sub]) => window.fmPushTest.saveSubscription(token, sub)",
                  [phone.token, receiver.subscription("phone").to_json()])
    now = evening(hour=10)
    with app.app_context():
        for token in db.session.scalars(select(DeviceToken)):
            token.last_sync_at = now - timedelta(days=4)
        db.session.commit()
    runner.invoke(args=["push", "send-due", "--now", now.isoformat()])
    [got] = receiver.to("phone")
    assert (got.payload["type"], got.payload["title"]) == ("sync", "Not synced for 4 days")
    deliver_push(context, page, live_server, got.payload)
    wait_until(page, lambda: {"type": "sync", "reason": "push"} in page.evaluate("window.fmPushTest.messages"))
    page.wait_for_timeout(500)
    if sync_ok:  # the sync went through: the warning is taken back
        assert notifications(page) == []
    else:  # it did not: the warning stays
        assert [n["title"] for n in notifications(page)] == ["Not synced for 4 days"]


def test_a_server_out_of_reach_is_explained_as_offline(world, api, live_server, chromium):
    phone = api("trainer_a")
    context = chromium(origin=live_server)
    page = open_harness(context, live_server, phone)
    # the browser says it is online, but fetching the push key fails as a dropped connection does
    page.evaluate("""() => { const online = window.fetch;
        window.fetch = (url, init) => (String(url).endsWith('/api/v1/push/key')
          ? Promise.reject(new TypeError('Failed to fetch')) : online(url, init)); }""")
    page.click(".fm-push-on")
    page.locator(".fm-push-status").filter(has_text="You are offline").wait_for(timeout=10000)
    assert page.locator(".fm-push").get_attribute("data-state") == "off"
    assert page.evaluate("navigator.onLine") is True
