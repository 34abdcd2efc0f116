"""Background Sync: the service worker's sync event has the open app run the sync."""
import pytest

from field.shell import sync_tag

from .phone import log_session, open_app, outbox, sign_in, wait_outbox_empty, wait_until, wait_worker_ready

pytestmark = pytest.mark.e2e


def test_sync_event_from_the_worker_runs_the_app_sync(server, device):
    context = device()
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)
    server.wsgi.mode = "500"
    log_session(page, "Deburring")
    wait_until(page, lambda: server.wsgi.sync_calls >= 1, what="a failed sync")
    assert len(outbox(page)) == 1
    page.evaluate("""() => { window.fromWorker = [];
      navigator.serviceWorker.addEventListener('message', (e) => window.fromWorker.push(e.data.type)); }""")

    server.wsgi.mode = None
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    wait_until(page, lambda: registrations, what="the worker's registration")
    cdp.send("ServiceWorker.dispatchSyncEvent", {"origin": server.url, "registrationId": registrations[0]["registrationId"],
                                                 "tag": sync_tag(), "lastChance": False})
    wait_until(page, lambda: "sync" in page.evaluate("() => window.fromWorker"), what="the worker's sync message")
    wait_outbox_empty(page)
