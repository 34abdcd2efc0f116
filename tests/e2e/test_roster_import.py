"""The roster import page in Chromium: upload a Windows-1250 CSV from the participants list, pick the
encoding, see "Čaušević", import, read the report. English, Bosnian and Arabic at 360×740 and 1280×800:
nothing runs past the screen, axe-core finds no serious or critical violation.
Screenshots: roster-<lang>-<width>-<step>.png (also in /tmp/shots-roster-import/)."""
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.imports.fixtures import PEOPLE, csv_bytes
from tests.review_fixtures import w  # noqa: F401

from .conftest import AXE, SCREENSHOTS, TIMEOUT_MS
from .test_review_languages import OVERFLOW
from .test_screens import AXE_SERIOUS

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots-roster-import")


def _look(page, lang, step, failures):
    for width, height in [(360, 740), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        result = page.evaluate(OVERFLOW)
        path = SCREENSHOTS / f"roster-{lang}-{width}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / path.name)
        if result["bad"]:
            failures.append(f"{lang} {width} {step}: {result['bad'][:4]}")
        if result["scrollWidth"] > width:
            failures.append(f"{lang} {width} {step}: the page scrolls sideways ({result['scrollWidth']}px)")
        if width == 360:
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_SERIOUS)
            if violations:
                failures.append(f"axe {lang} {step}: {violations}")


def test_a_coordinator_imports_a_windows_1250_roster(browser, live_server, w, db_session):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server}/login?lang=en")
    page.fill("#username", "coord_a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    failures = []
    page.goto(f"{live_server}/review/{w.a.programme.id}/participants")
    page.click("text=Import participants from a spreadsheet")
    page.wait_for_selector("#file")
    _look(page, "en", "upload", failures)
    rows = [*PEOPLE, ["Ćamil", "Đozić", "m", "1990", "", "1.9.2026", "a1"], ["Ana", "Anić", "F", "nineteen", "", "1.9.2026", "a1"]]
    page.set_input_files("#file", files=[{"name": "spisak.csv", "mimeType": "text/csv",
                                          "buffer": csv_bytes(rows, encoding="cp1250")}])
    page.click("button[type=submit].primary")
    page.wait_for_selector("#encoding")
    assert page.is_visible("text=cannot be told for certain")
    page.select_option("#encoding", "cp1250")
    page.click("button[value=preview]")
    page.wait_for_selector("text=Čaušević")
    assert page.is_visible("text=nineteen is not a year")
    assert page.locator("button[value=commit]").count() == 0  # an error blocks the import
    preview_url = page.url
    _look(page, "en", "errors", failures)
    for lang in ("bs", "ar"):
        page.goto(f"{preview_url}?encoding=cp1250&lang={lang}")
        page.wait_for_selector("#encoding")
        _look(page, lang, "errors", failures)
    # the same file without the bad row
    page.goto(f"{live_server}/admin/programmes/{w.a.programme.id}/participants/import?lang=en")
    page.set_input_files("#file", files=[{"name": "spisak.csv", "mimeType": "text/csv",
                                          "buffer": csv_bytes(rows[:-1], encoding="cp1250")}])
    page.click("button[type=submit].primary")
    page.wait_for_selector("#encoding")
    page.select_option("#encoding", "cp1250")
    page.click("button[value=preview]")
    page.wait_for_selector("button[value=commit]")
    _look(page, "en", "preview", failures)
    page.click("button[value=commit]")
    page.wait_for_selector("text=Participants imported")
    assert page.is_visible("text=4 new, 0 updated, 0 skipped")
    assert page.locator("text=prog-a-").count() == 4
    _look(page, "en", "report", failures)
    context.close()
    assert failures == []
