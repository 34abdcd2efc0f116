"""A coordinator's path in real Chromium: sign in, see a flagged record, resolve a conflict,
download the indicators workbook and check its numbers against the database."""
import io
import os
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models import Participant, Review, db
from tests.conftest import PASSWORD
from tests.factories import add, make_participant
from tests.review_fixtures import make_attendance, make_conflict, make_device, w  # noqa: F401

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: generous: the machine has 2 cores shared by several people
TIMEOUT_MS = 30_000


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def scene(w, db_session):
    """Programme A with ten more people, a flagged attendance and an open conflict."""
    for i in range(10):
        make_participant(w.a.programme, w.a.cohort, f"E-{i:02d}", gender="male" if i % 2 else "female",
                         birth_year=2002)
    device = make_device(w.a.trainer, "Tablet Ključ 2")
    flagged = make_attendance(w.a.session, w.a.participants[0], "present", by=w.a.trainer,
                              device_id=device.device_id)
    review = Review(record_entity="attendance", record_id=flagged.id, record_version=flagged.version,
                    programme_id=w.a.programme.id, cohort_id=flagged.cohort_id, participant_id=flagged.participant_id,
                    status="flagged", comment="Marked present on a public holiday?", reviewer_id=w.admin.id,
                    recorded_by_id=w.a.trainer.id, recorded_device_id=device.device_id)
    add(review)
    contested = make_attendance(w.a.session, w.a.participants[1], "present", by=w.a.trainer)
    conflict = make_conflict(contested, "status", "present", "absent", kept_by=w.a.trainer, other_by=w.a.mentor)
    make_attendance(w.a.session, w.a.participants[2], "late", by=w.a.trainer)
    db_session.commit()
    return {"conflict": conflict, "contested": contested}


def test_coordinator_path(browser, live_server, w, scene, db_session, tmp_path):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(f"{live_server}/login")
    page.fill("#username", "coord_a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/review")
    page.click(f"text={w.a.programme.name}")
    page.wait_for_url(lambda url: url.endswith("/feed"))

    # the flagged record, with the coordinator's note
    page.select_option("#f-state", "flagged")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(lambda url: "state=flagged" in url)
    item = page.locator(".feed-item.is-flagged")
    assert item.count() == 1
    assert "Marked present on a public holiday?" in item.inner_text()
    assert "Tablet Ključ 2" in item.inner_text()

    # resolve the conflict by taking the other value
    page.click("nav.subnav >> text=Conflicts")
    card = page.locator(f"#conflict-{scene['conflict'].id}")
    assert "absent" in card.inner_text() and "Mentor A" in card.inner_text()
    card.locator("input[value=other]").check()
    card.locator("button[type=submit]").click()
    page.wait_for_selector(".flash-success")
    assert "Conflict resolved" in page.inner_text(".flash-success")
    db_session.rollback()
    assert scene["contested"].status == "absent"
    assert scene["contested"].field_meta["status"][0].endswith("_0000_server")

    # download the indicator tables and read them back
    page.click("nav.subnav >> text=Exports")
    with page.expect_download() as info:
        page.click("#download-indicators-xlsx")
    path = tmp_path / "indicators.xlsx"
    info.value.save_as(path)
    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    enrolment = {(d, c): v for d, c, v in list(book["enrolment"].iter_rows(values_only=True))[1:]}
    people = db_session.scalar(select(func.count()).select_from(Participant).where(
        Participant.programme_id == w.a.programme.id, Participant.deleted.is_(False)))
    assert enrolment[("total", "participants")] == people == 14
    assert enrolment[("total", "attended_at_least_once")] == "<5"  # three people came: too few to show
    assert enrolment[("gender", "male")] == 5 and enrolment[("gender", "female")] == 9
    week = list(book["attendance_weekly"].iter_rows(values_only=True))[1]
    assert week[0] == date(2026, 11, 2).isoformat()
    assert errors == []
    context.close()
