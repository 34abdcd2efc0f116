"""The trade and cohort set-up pages in Arabic and German at 360×740 and 1280×800: nothing runs past the
screen (tests/e2e/test_review_languages.py's check), the page mirrors for Arabic, and axe-core finds no
serious or critical violation. Screenshots: setup-<lang>-<width>-<page>.png."""
import pytest

from api.sync.server_write import server_write
from models import db
from tests.conftest import PASSWORD
from tests.review_fixtures import w  # noqa: F401

from .conftest import AXE, SCREENSHOTS, TIMEOUT_MS
from .test_review_languages import OVERFLOW
from .test_screens import AXE_SERIOUS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["ar", "de"])
def test_trade_and_cohort_pages_fit_and_pass_axe(browser, live_server, w, db_session, lang):
    own = server_write(db.session, w.a.coordinator, "occupation", None, {
        "organisation_id": w.org.id, "programme_id": w.a.programme.id, "copied_from_id": w.occupation.id,
        "code": "cnc.a", "name": "CNC operator (A)", "rubric": w.occupation.rubric_levels})
    db_session.commit()
    p = w.a.programme.id
    pages = [("trades", f"/admin/programmes/{p}/trades"),
             ("trade-shared", f"/admin/programmes/{p}/trades/{w.occupation.id}"),
             ("trade-own", f"/admin/programmes/{p}/trades/{own.id}"), ("cohorts", f"/admin/programmes/{p}/cohorts"),
             ("cohort", f"/admin/programmes/{p}/cohorts/{w.a.cohort.id}"), ("org-trades", "/admin/trades"),
             ("org-trade", f"/admin/trades/{w.occupation.id}")]
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server}/login?lang={lang}")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    failures = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in [(360, 740), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages:
            response = page.goto(f"{live_server}{path}?lang={lang}")
            assert response.status == 200, f"{path}: {response.status}"
            result = page.evaluate(OVERFLOW)
            page.screenshot(path=str(SCREENSHOTS / f"setup-{lang}-{width}-{name}.png"), full_page=True)
            assert result["lang"] == lang and result["dir"] == ("rtl" if lang == "ar" else "ltr"), path
            if result["bad"]:
                failures.append(f"{width} {name}: {result['bad'][:4]}")
            if result["scrollWidth"] > width:
                failures.append(f"{width} {name}: the page scrolls sideways ({result['scrollWidth']}px)")
            if width == 360:
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate(AXE_SERIOUS)
                if violations:
                    failures.append(f"axe {name}: {violations}")
    context.close()
    assert failures == []
