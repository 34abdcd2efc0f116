"""Things that go wrong while records wait: none of them loses a record."""
import re

import pytest
from playwright.sync_api import expect

from .phone import (count_sessions, go, go_offline, go_online, log_session, open_app, outbox, sign_in, sync_now,
                    wait_outbox_empty, wait_screen, wait_until, wait_worker_ready)

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(server, device):
    context = device()
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)
    return context, page


@pytest.mark.both_engines  # the retry of a committed batch is answered from the engine's ledger
@pytest.mark.parametrize("fault", ["500", "500-after-commit"])
def test_server_error_mid_sync_keeps_the_record_and_it_lands_once(app, server, phone, fault):
    context, page = phone
    server.wsgi.mode = fault
    log_session(page, "Measuring with a caliper")
    wait_until(page, lambda: server.wsgi.sync_calls >= 1, what="a sync attempt")
    expect(page.locator("#sync-status")).to_have_text("1 waiting")
    assert len(outbox(page)) == 1
    assert count_sessions(app, "Measuring with a caliper") == (1 if fault == "500-after-commit" else 0)

    server.wsgi.mode = None
    sync_now(page)
    wait_outbox_empty(page)
    assert count_sessions(app, "Measuring with a caliper") == 1


def test_token_expired_while_offline_records_wait_for_a_new_sign_in(app, server, phone):
    from .phone import expire_tokens

    context, page = phone
    go_offline(context, server)
    log_session(page, "Safety walk")
    expire_tokens(app, "trainer_a")
    go_online(context, server)
    expect(page.locator("[data-banner=auth]")).to_contain_text("Your sign-in has expired")
    expect(page.locator("#sync-status")).to_have_text("Sign in to send")
    assert len(outbox(page)) == 1 and count_sessions(app, "Safety walk") == 0

    page.locator("[data-banner=auth]").get_by_role("button", name="Sign in again").click()
    wait_screen(page, "signin")
    expect(page.get_by_text("1 record is waiting on this phone")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("trainer_a")
    page.get_by_label("Password").fill(__import__("tests.conftest", fromlist=["PASSWORD"]).PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_screen(page, "today")
    wait_outbox_empty(page)
    assert count_sessions(app, "Safety walk") == 1


def test_app_update_while_records_wait(app, server, phone):
    context, page = phone
    old_caches = page.evaluate("() => caches.keys()")
    go_offline(context, server)
    log_session(page, "Cutting PVC profiles")
    page.get_by_role("button", name="All present").click()
    waiting = len(outbox(page))
    assert waiting == 4

    app.config["SHELL_VERSION_SALT"] = "next-release"  # any change of a shell file does the same
    server.wsgi.mode = "500"  # and the records cannot leave yet
    go_online(context, server)
    banner = page.locator("[data-banner=update]")
    expect(banner).to_contain_text("A new version of the app is ready")
    with page.expect_navigation():  # the new worker takes over, then one reload
        banner.get_by_role("button", name="Reload now").click()
    page.wait_for_function("() => document.body.classList.contains('booted')")
    expect(page.locator("[data-banner=update]")).to_have_count(0)
    wait_until(page, lambda: page.evaluate("() => caches.keys()") not in ([], old_caches), what="the new cache")
    assert len(page.evaluate("() => caches.keys()")) == 1  # the old version's cache is gone
    assert len(outbox(page)) == waiting

    server.wsgi.mode = None
    sync_now(page)
    wait_outbox_empty(page)
    assert count_sessions(app, "Cutting PVC profiles") == 1
    go(page, "today", "today")
    expect(page.get_by_text(re.compile("Cutting PVC profiles"))).to_be_visible()
