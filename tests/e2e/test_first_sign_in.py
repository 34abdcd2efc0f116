"""In Chromium: the phone's sign-in screen links to the first sign-in page; the staff pages and /welcome
fit a 360 px phone and a 1280 px laptop with no serious or critical axe-core violation."""
import re

import pytest

from .conftest import AXE
from .phone import open_app, wait_screen
from .test_screens import AXE_SERIOUS

pytestmark = pytest.mark.e2e


def axe(page, name):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_SERIOUS)
    assert violations == [], f"{name}: {violations}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the screen"


def test_the_sign_in_screen_links_to_the_first_sign_in(server, device):
    page = open_app(device(bypass_csp=True), server.url)
    wait_screen(page, "signin")
    link = page.get_by_role("link", name="First sign-in? Use your code")
    link.click()
    page.wait_for_url(re.compile(r"/welcome$"))
    assert page.get_by_role("heading", name="First sign-in").is_visible()
    axe(page, "welcome")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 800}],
                         ids=["phone", "laptop"])
def test_staff_pages(server, browser, world, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/login")
        page.fill("input[name=username]", "coord_a")
        page.fill("input[name=password]", "correct-horse-9")
        page.locator("form button[type=submit].primary").click()
        page.wait_for_url(re.compile(r"/review"))
        staff = f"{server.url}/admin/programmes/{world.a.programme.id}/staff"
        for lang in ("en", "ar"):
            page.goto(f"{staff}?lang={lang}")
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            axe(page, f"staff-{lang}")
            page.goto(f"{staff}/{world.a.trainer.id}?lang={lang}")
            axe(page, f"staff-person-{lang}")
        page.goto(f"{server.url}/admin/programmes/{world.a.programme.id}/staff?lang=en")
        page.fill("#display_name", "Emina Hodžić")
        page.fill("#username", f"emina_{viewport['width']}")
        page.locator("form button[type=submit].primary").last.click()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}",
                            page.locator(".code-value[translate=no]").inner_text().strip())
        axe(page, "staff-code")
    finally:
        context.close()
