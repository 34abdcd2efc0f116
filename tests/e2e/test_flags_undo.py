"""Issue 14, items 3, 6 and 7 in Chromium at 360×740: a coordinator's flag round trip, deleting a
session, cancelling a change not sent yet, undo of attendance marks, and the assessment screen's
taps for a group. Every screen touched passes axe-core with no serious or critical violation."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import Assessment, Attendance, Participant, TrainingSession, db
from tests.factories import commit_keeping_attributes, make_participant

from .conftest import AXE, TIMEOUT_MS
from .phone import go, idb, log_session, open_app, outbox, sign_in, wait_outbox_empty, wait_screen, wait_until
from .phone import sync_now as press_sync_now
from .test_screens import check

pytestmark = pytest.mark.e2e

PASSWORD_FIELD = "#password"


@pytest.fixture
def phone(device):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make deps does)")
    return device(bypass_csp=True)  # axe is injected as an inline script


def sync_now(page):
    """"Sync now", waiting for THIS run's answer (a toast left from the previous run would not do)."""
    page.evaluate("() => { document.getElementById('toast').textContent = ''; }")
    press_sync_now(page)


def coordinator_page(browser, server):
    from tests.conftest import PASSWORD

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{server.url}/login")
    page.fill("#username", "coord_a")
    page.fill(PASSWORD_FIELD, PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/review")
    return context, page


def review(page, server, programme_id, entity, record_id, status, comment=""):
    page.goto(f"{server.url}/review/{programme_id}/records/{entity}/{record_id}")
    if comment:
        page.fill("#comment", comment)
    page.click(f"button[name=status][value={status}]")
    page.wait_for_load_state()


def server_value(app, model, record_id, column):
    with app.app_context():
        record = db.session.get(model, record_id)
        return getattr(record, column) if record is not None else None


def test_a_flag_reaches_the_phone_is_fixed_and_clears_when_approved(app, world, server, phone, browser):
    a = world.a
    person_id = a.participants[0].id
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    coordinator, desk = coordinator_page(browser, server)
    try:
        review(desk, server, a.programme.id, "participant", person_id, "flagged", "Family name misspelt: check the ID card.")
        review(desk, server, a.programme.id, "session", a.session.id, "flagged", "Was this really 240 minutes?")

        sync_now(page)
        go(page, "today", "today")
        flags = page.get_by_role("link", name=re.compile("2 records flagged by your coordinator"))
        expect(flags).to_be_visible()
        check(page, "flags-01-today")
        flags.click()
        wait_screen(page, "flags")
        expect(page.get_by_text("Family name misspelt: check the ID card.")).to_be_visible()
        check(page, "flags-02-list")

        go(page, f"session/{a.session.id}", "session-view")  # in the session
        expect(page.locator(".flag-note")).to_contain_text("Was this really 240 minutes?")
        go(page, f"participant/{person_id}", "participant")  # on the record
        note = page.locator(".flag-note")
        expect(note).to_contain_text("Family name misspelt")
        check(page, "flags-03-participant")
        note.get_by_role("link", name="Fix").click()
        wait_screen(page, "participant-form")
        expect(page.locator(".flag-note")).to_contain_text("Family name misspelt")  # the note on the form too
        check(page, "flags-04-form")
        page.get_by_label("Family name").fill("Familija")
        page.get_by_role("button", name=re.compile("Save")).click()
        wait_screen(page, "participant")
        sync_now(page)
        assert server_value(app, Participant, person_id, "family_name") == "Familija"
        go(page, f"participant/{person_id}", "participant")
        expect(page.locator(".flag-note")).to_contain_text("the flag clears when your coordinator approves")

        review(desk, server, a.programme.id, "participant", person_id, "approved")
        sync_now(page)
        go(page, f"participant/{person_id}", "participant")
        expect(page.locator(".flag-note")).to_have_count(0)
        go(page, "today", "today")
        expect(page.get_by_role("link", name=re.compile("1 record flagged by your coordinator"))).to_be_visible()
    finally:
        coordinator.close()


def test_delete_a_session_with_its_attendance_and_assessments(app, world, server, phone):
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    log_session(page, "A session logged by mistake")
    page.get_by_role("button", name="All present").click()
    page.get_by_role("link", name="Done").click()
    wait_screen(page, "session-view")
    page.get_by_role("link", name=re.compile("GivenA-001")).click()
    wait_screen(page, "assess")
    page.get_by_role("group", name="Read a drawing").get_by_role("radio", name=re.compile("^2 ")).check()
    page.get_by_role("button", name="Save levels").click()
    wait_screen(page, "session-view")
    expect(page.get_by_role("link", name=re.compile("GivenA-001")).locator(".assessed-mark")).to_have_text("Assessed")
    session_id = page.evaluate("() => location.hash.split('/')[2]")
    sync_now(page)
    with app.app_context():
        attendance = db.session.scalars(select(Attendance.id).where(Attendance.session_id == session_id)).all()
        assessments = db.session.scalars(select(Assessment.id).where(Assessment.session_id == session_id)).all()
    assert len(attendance) == 3 and len(assessments) == 1

    go(page, f"session/{session_id}", "session-view")
    page.get_by_role("button", name="Delete session").click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text("Its attendance (3 marked) and the skill levels recorded in it (1) are deleted with it.")
    check(page, "delete-01-confirm")
    dialog.get_by_role("button", name="Delete session").click()
    wait_screen(page, "today")
    expect(page.get_by_text("A session logged by mistake")).to_have_count(0)
    sync_now(page)
    assert server_value(app, TrainingSession, session_id, "deleted") is True
    assert all(server_value(app, Attendance, i, "deleted") for i in attendance)
    assert all(server_value(app, Assessment, i, "deleted") for i in assessments)
    wait_until(page, lambda: not [r for r in idb(page, "records") if r["id"] in attendance + assessments],
               what="the tombstones to remove the dependents from the phone")

    # a session never sent is simply removed from the phone, with what was recorded in it
    phone.set_offline(True)
    log_session(page, "Offline mistake")
    page.get_by_role("button", name="All present").click()
    page.get_by_role("link", name="Done").click()
    wait_screen(page, "session-view")
    page.get_by_role("button", name="Delete session").click()
    page.locator("dialog").get_by_role("button", name="Delete session").click()
    wait_screen(page, "today")
    left = outbox(page)
    # never sent: nothing is left to send; if a sync had tried to send it (attempts > 0, it may have
    # arrived), the phone plays safe and sends the session's delete instead
    if any(e["attempts"] for e in left):
        assert [(e["entity"], e["op"]) for e in left if e["op"] == "delete"] == [("session", "delete")]
    else:
        assert left == []
    assert not [r for r in idb(page, "records", "session") if r["data"]["topic"] == "Offline mistake"
                and not r["deleted"]]
    phone.set_offline(False)
    go(page, "today", "today")
    wait_outbox_empty(page)  # back online, the app syncs by itself
    with app.app_context():
        live = db.session.scalars(select(TrainingSession.id).where(TrainingSession.topic == "Offline mistake",
                                                                   TrainingSession.deleted.is_(False))).all()
        marks = db.session.scalars(select(Attendance.id).join(TrainingSession, TrainingSession.id == Attendance.session_id)
                                   .where(TrainingSession.topic == "Offline mistake",
                                          Attendance.deleted.is_(False))).all()
    assert live == [] and marks == []


def test_cancel_changes_not_sent_yet(app, world, server, phone):
    person_id = world.a.participants[1].id
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    phone.set_offline(True)
    go(page, f"participant/{person_id}/edit", "participant-form")
    page.get_by_label("Family name").fill("Typo")
    page.get_by_role("button", name=re.compile("Save")).click()
    wait_screen(page, "participant")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Typo")
    go(page, "sync", "sync")
    waiting = page.locator(".waiting-item")
    expect(waiting).to_have_count(1)
    check(page, "cancel-01-waiting")
    waiting.get_by_role("button", name="Don't send").click()
    page.locator("dialog").get_by_role("button", name="Don't send").click()
    expect(page.locator(".waiting-item")).to_have_count(0)
    assert outbox(page) == []
    go(page, f"participant/{person_id}", "participant")
    expect(page.get_by_role("heading", level=1)).to_contain_text("FamilyA-002")

    log_session(page, "Never to be sent")
    go(page, "sync", "sync")
    page.locator(".waiting-item").get_by_role("button", name="Don't send").click()
    page.locator("dialog").get_by_role("button", name="Don't send").click()
    expect(page.locator(".waiting-item")).to_have_count(0)
    assert not [r for r in idb(page, "records", "session") if r["data"]["topic"] == "Never to be sent"]
    phone.set_offline(False)
    sync_now(page)
    assert server_value(app, Participant, person_id, "family_name") == "FamilyA-002"


def test_undo_all_present_and_a_status_change(app, world, server, phone):
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    log_session(page, "Undo practice")
    session_id = page.evaluate("() => location.hash.split('/')[2]")
    summary = page.locator(".summary")

    page.get_by_role("button", name="All present").click()
    expect(summary).to_have_text(re.compile("^3 present"))
    check(page, "undo-01-offered")
    page.locator(".undo-bar").get_by_role("button", name="Undo").click()
    expect(summary).to_have_text(re.compile("3 not marked"))
    wait_until(page, lambda: not idb(page, "records", "attendance"), what="the marks to be gone")
    assert [e for e in outbox(page) if e["entity"] == "attendance"] == []

    page.get_by_role("button", name="All present").click()
    expect(summary).to_have_text(re.compile("^3 present"))
    sync_now(page)  # sent: from now on undo writes statuses back
    go(page, f"attendance/{session_id}", "attendance")
    page.get_by_role("button", name=re.compile("GivenA-002")).click()
    expect(summary).to_have_text(re.compile("2 present, 0 late, 1 absent"))
    page.locator(".undo-bar").get_by_role("button", name="Undo").click()
    expect(summary).to_have_text(re.compile("^3 present"))
    check(page, "undo-02-after")
    sync_now(page)
    with app.app_context():
        statuses = db.session.scalars(select(Attendance.status).where(Attendance.session_id == session_id)).all()
    assert sorted(statuses) == ["present"] * 3


@pytest.fixture
def thirty(app, world):
    with app.app_context():
        for i in range(4, 31):
            make_participant(world.a.programme, world.a.cohort, f"A-{i:03d}")
        commit_keeping_attributes()


def test_thirty_people_two_skills_in_three_taps_a_person(app, world, thirty, server, phone):
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    session_id = world.a.session.id
    go(page, f"session/{session_id}", "session-view")
    taps = 0

    def tap(locator):
        nonlocal taps
        locator.click()
        taps += 1

    tap(page.locator("a.list-link").first)
    per_person = []
    for n in range(30):
        wait_screen(page, "assess")
        before = taps
        tap(page.get_by_role("group", name="Read a drawing").get_by_role("radio", name=re.compile("^2 ")))
        tap(page.get_by_role("group", name="Set up the machine").get_by_role("radio", name=re.compile("^3 ")))
        if n == 0:
            check(page, "assess-01-collapsed")
            save = page.get_by_role("button", name="Save, next person")
            box = save.bounding_box()
            assert box and box["y"] + box["height"] <= 740, "Save is in reach without scrolling"
        last = n == 29
        tap(page.get_by_role("button", name="Save levels" if last else "Save, next person"))
        per_person.append(taps - before)
    wait_screen(page, "session-view")
    expect(page.locator(".assessed-mark")).to_have_count(30)
    check(page, "assess-02-session-all-assessed")
    print(f"\nassessment taps: {taps} for 30 people × 2 skills = {taps / 30:.2f} a person "
          f"({max(per_person)} on each person's screen, 1 to open the first)")
    assert max(per_person) <= 3
    sync_now(page)
    with app.app_context():
        count = len(db.session.scalars(select(Assessment.id).where(Assessment.session_id == session_id)).all())
    assert count == 60
