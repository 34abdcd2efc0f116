"""The programme set-up pages in Chromium at 360 px and 1280 px: axe-core finds no serious or critical
violation, and nothing scrolls sideways on a phone."""
import pytest

from tests.conftest import PASSWORD
from tests.review_fixtures import w  # noqa: F401

from .conftest import AXE, TIMEOUT_MS
from .phone import SCREENSHOTS

pytestmark = pytest.mark.e2e

AXE_SERIOUS = """() => axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))"""


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_programme_and_site_pages_pass_axe(browser, live_server, w, width, height):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make deps does)")
    # axe is injected as an inline script, which the app's strict CSP would (rightly) refuse.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/review")
    a = w.a.programme.id
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("programmes", "/admin/programmes"), ("programme-settings", f"/admin/programmes/{a}"),
                       ("sites", f"/admin/programmes/{a}/sites"),
                       ("site-edit", f"/admin/programmes/{a}/sites/{w.a.site.id}")):
        page.goto(f"{live_server}{path}")
        page.screenshot(path=str(SCREENSHOTS / f"admin-{name}-{width}.png"), full_page=True)
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_SERIOUS) == [], path
        if width == 360:
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    context.close()
