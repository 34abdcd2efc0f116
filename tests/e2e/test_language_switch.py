"""The header's language switch in Chromium: picking a language posts it (with the CSRF token),
the page comes back in it, and a signed-in coordinator's profile keeps it."""
import pytest
from sqlalchemy import select

from models import User
from tests.conftest import PASSWORD

from .conftest import TIMEOUT_MS

pytestmark = pytest.mark.e2e


def test_the_language_switch_saves_the_choice(browser, live_server, world, db_session):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.select_option("#lang-select", "sv")
    page.wait_for_function("document.documentElement.lang === 'sv'")
    assert page.url == f"{live_server}/login"
    page.fill("#username", "coord_a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/review")
    page.select_option("#lang-select", "de")
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert page.url == f"{live_server}/review"
    assert db_session.scalar(select(User.locale).where(User.username == "coord_a")) == "de"
    page.goto(f"{live_server}/review/devices")
    assert page.evaluate("document.documentElement.lang") == "de"
    context.close()
