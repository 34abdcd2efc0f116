"""A person's data on request in real Chromium: a coordinator exports and erases a participant on the
profile page; a phone that was offline during the erasure has its queued name edit refused, shown in
its problems list with the reason, and holds the erased record after the sync.

Screenshots: /tmp/shots-gdpr/ (and test-artifacts/screenshots/)."""
import json
import pathlib

import pytest
from playwright.sync_api import Error as PlaywrightError, expect
from sqlalchemy import select

from models import Participant, Programme, User, db
from tests.conftest import PASSWORD

from .conftest import SCREENSHOTS, TIMEOUT_MS
from .phone import db_id, go, go_offline, go_online, idb, open_app, sign_in, wait_screen, wait_until, wait_worker_ready

pytestmark = pytest.mark.e2e
SHOTS = pathlib.Path("/tmp/shots-gdpr")


def _shot(page, name, full_page=False):
    for folder in (SHOTS, SCREENSHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def _coordinator(browser, server, viewport, lang="en"):
    context = browser.new_context(accept_downloads=True, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{server.url}/login?lang={lang}")
    page.fill("#username", "coord_a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/review")
    return context, page


def test_coordinator_exports_then_erases_on_the_profile(app, server, browser, tmp_path):
    programme_id = db_id(app, Programme, code="prog-a")
    person_id = db_id(app, Participant, code="A-001")
    other_id = db_id(app, Participant, code="A-002")
    context, page = _coordinator(browser, server, {"width": 1280, "height": 800})
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{server.url}/review/{programme_id}/participants/{person_id}")
    _shot(page, "profile-1280", full_page=True)

    with page.expect_download() as info:
        page.click("#export-person")
    path = tmp_path / "person.json"
    info.value.save_as(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["participant"]["id"] == person_id and doc["participant"]["code"] == "A-001"
    assert other_id not in path.read_text(encoding="utf-8")

    page.click("#erase-person")
    page.wait_for_url(lambda url: url.endswith("/erase"))
    expect(page.locator("main")).to_contain_text("This cannot be undone.")
    _shot(page, "erase-confirm-1280", full_page=True)
    page.click("button.danger")  # not ticked: asked again, nothing erased
    expect(page.locator("#confirm-error")).to_contain_text("Tick the box")
    with app.app_context():
        assert db.session.get(Participant, person_id).erased_at is None
    errors.clear()  # the refused form answered 400, as it should
    page.check("#confirm")
    page.click("button.danger")
    page.wait_for_selector(".flash-success")
    expect(page.locator("#personal-data")).to_contain_text("Erased")
    assert page.locator("#erase-person").count() == 0
    _shot(page, "profile-erased-1280", full_page=True)
    with app.app_context():
        person = db.session.get(Participant, person_id)
        assert person.erased_at is not None and person.given_name == "—" and person.code.startswith("X-")
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", ["ar", "bs"])
def test_erase_page_in_other_languages_at_phone_width(app, server, browser, lang):
    programme_id = db_id(app, Programme, code="prog-a")
    person_id = db_id(app, Participant, code="A-003")
    context, page = _coordinator(browser, server, {"width": 360, "height": 740}, lang)
    page.goto(f"{server.url}/review/{programme_id}/participants/{person_id}?lang={lang}")
    page.locator("#personal-data").scroll_into_view_if_needed()
    _shot(page, f"profile-{lang}-360")
    page.goto(f"{server.url}/review/{programme_id}/participants/{person_id}/erase?lang={lang}")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    # nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    _shot(page, f"erase-confirm-{lang}-360", full_page=True)
    context.close()


def test_phone_offline_during_erasure_sees_its_name_edit_refused(app, server, device):
    from api.sync.erasure import erase_participant

    person_id = db_id(app, Participant, code="A-001")
    context = device()
    page = open_app(context, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)
    wait_until(page, lambda: any(r["id"] == person_id for r in idb(page, "records", "participant")),
               what="the participant on the phone")

    go_offline(context, server)
    go(page, f"participant/{person_id}/edit", "participant-form")
    page.get_by_label("Given name").fill("Amra")
    page.get_by_role("button", name="Save changes").click()
    wait_screen(page, "participant")

    with app.app_context():  # meanwhile, on the server: the person asked to be erased
        coordinator = db.session.scalar(select(User).where(User.username == "coord_a"))
        erase_participant(db.session, coordinator, db.session.get(Participant, person_id))
        db.session.commit()

    go_online(context, server)
    go(page, "sync", "sync")
    page.get_by_role("button", name="Sync now").click()
    expect(page.locator("#sync-status")).to_have_text("1 to fix", timeout=TIMEOUT_MS * 2)
    problem = page.locator(".problem")
    expect(problem).to_contain_text("erased on request")
    expect(problem.get_by_role("link", name="Fix")).to_have_count(0)  # nothing to fix: only discard
    for _ in range(5):  # the screen paints itself again when the sync ends: scroll to the card as it is then
        try:
            problem.first.scroll_into_view_if_needed(timeout=2000)
            break
        except PlaywrightError:
            page.wait_for_timeout(300)
    _shot(page, "phone-problem-erased-360")
    queued = [e for e in idb(page, "outbox") if e["id"] == person_id]
    assert queued and all("given_name" not in e["data"] for e in queued)  # the typed name left the phone
    record = next(r for r in idb(page, "records", "participant") if r["id"] == person_id)
    assert record["data"]["given_name"] == "—" and record["data"]["erased_at"]
    with app.app_context():
        assert db.session.get(Participant, person_id).given_name == "—"
