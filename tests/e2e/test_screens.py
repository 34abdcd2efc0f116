"""Every screen at 360×740: a screenshot (test-artifacts/screenshots/) and axe-core with no
serious or critical violation."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import AXE
from .phone import bad_attendance_backup, go, idb, log_session, open_app, shot, sign_in, wait_screen

pytestmark = pytest.mark.e2e

AXE_SERIOUS = """() => axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))"""


def check(page, name):
    """Screenshot, then axe on the screen as it is now."""
    page.evaluate("() => { document.getElementById('toast').textContent = ''; }")  # a passing toast hides the screen
    shot(page, name)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_SERIOUS)
    assert violations == [], f"{name}: {violations}"


@pytest.fixture
def phone(device):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make deps does)")
    # axe is injected as an inline script, which the app's strict CSP would (rightly) refuse.
    return device(bypass_csp=True)


def test_trainer_screens(server, phone):
    page = open_app(phone, server.url)
    wait_screen(page, "signin")
    check(page, "01-sign-in")
    sign_in(page, "trainer_a")
    check(page, "02-today-empty")

    page.get_by_role("link", name="Log a session").first.click()
    wait_screen(page, "session-form")
    page.get_by_label("Topic").fill("Reading a technical drawing")
    page.get_by_label("Notes (optional)").fill("Two machines down; worked in pairs.")
    check(page, "03-log-session")
    page.get_by_role("button", name="Save session").click()
    wait_screen(page, "attendance")
    check(page, "04-attendance-unmarked")
    page.get_by_role("button", name="All present").click()
    page.get_by_role("button", name=re.compile("GivenA-002")).click()
    page.get_by_role("button", name=re.compile("GivenA-003")).click()
    page.get_by_role("button", name=re.compile("GivenA-003")).click()
    expect(page.locator(".summary")).to_have_text(re.compile("1 present, 1 late, 1 absent"))
    check(page, "05-attendance-marked")

    page.get_by_role("link", name="Done").click()
    wait_screen(page, "session-view")
    check(page, "06-session")
    page.get_by_role("link", name=re.compile("GivenA-001")).click()
    wait_screen(page, "assess")
    page.get_by_role("group", name="Read a drawing").get_by_role("radio", name=re.compile("^1 · With help")).check()
    check(page, "07-assess")
    page.get_by_role("button", name="Save levels").click()
    wait_screen(page, "session-view")
    page.get_by_role("link", name=re.compile("GivenA-001")).click()
    wait_screen(page, "assess")
    page.get_by_role("group", name="Read a drawing").get_by_role("radio", name=re.compile("^3 · Competent")).check()
    page.get_by_role("button", name="Save levels").click()
    wait_screen(page, "session-view")
    page.get_by_role("link", name=re.compile("GivenA-001")).click()
    wait_screen(page, "assess")
    page.get_by_text("2 earlier levels").click()
    check(page, "08-assess-history")

    go(page, "today", "today")
    check(page, "09-today")
    page.get_by_role("link", name="Participants", exact=True).first.click()
    wait_screen(page, "participants")
    check(page, "10-participants")
    page.get_by_role("link", name=re.compile("GivenA-001")).click()
    wait_screen(page, "participant")
    expect(page.locator(".skill-row").first).to_contain_text("3 · Competent")  # the latest level, not the first
    check(page, "11-participant-progress")
    page.get_by_role("link", name="Edit").click()
    wait_screen(page, "participant-form")
    check(page, "12-participant-edit")
    go(page, "participant/new", "participant-form")
    page.get_by_role("button", name="Enrol").click()  # empty: every error shows
    expect(page.get_by_text("Enter the given name.")).to_be_visible()
    check(page, "13-enrol-errors")

    assessment = idb(page, "records", "assessment")[0]
    go(page, f"assessment/{assessment['id']}", "assessment-form")
    check(page, "14-assessment-edit")
    go(page, "sync", "sync")
    # notifications are offered on the sync screen, asked for only on a tap
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on notifications")).to_be_visible()
    assert page.evaluate("() => Notification.permission") == "default"
    check(page, "15-sync")


def test_mentor_screens(server, phone):
    page = open_app(phone, server.url)
    sign_in(page, "mentor_a")
    go(page, "mentoring", "mentoring")
    check(page, "20-mentees")
    page.get_by_role("link", name=re.compile("GivenA-900")).click()
    wait_screen(page, "mentee")
    check(page, "21-mentee")
    page.get_by_role("link", name=re.compile("Find a workplace")).click()
    wait_screen(page, "goal-form")
    page.get_by_label("Status", exact=True).select_option("in_progress")
    page.get_by_label("Notes on this goal (optional)").fill("CV written; two interviews planned at KOFIX.")
    check(page, "22-goal")
    page.get_by_role("button", name="Save changes").click()
    wait_screen(page, "mentee")
    page.get_by_role("link", name="Log a remote session").click()
    wait_screen(page, "session-form")
    expect(page.get_by_label("Kind of session")).to_have_value("remote_mentoring")
    page.get_by_label("Topic").fill("Interview practice by video")
    page.get_by_label("Duration in minutes").fill("45")
    check(page, "23-remote-session")
    page.get_by_role("button", name="Save session").click()
    wait_screen(page, "mentee")
    expect(page.get_by_text("Interview practice by video")).to_be_visible()
    check(page, "24-mentee-after-visit")


def test_problem_screens(app, server, phone, tmp_path):
    """What the user sees when something needs them: a rejected change, a lost sign-in."""
    from .phone import expire_tokens

    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    path, _record = bad_attendance_backup(app, tmp_path)
    go(page, "sync", "sync")
    page.locator("#import-backup").set_input_files(str(path))
    expect(page.locator("#sync-status")).to_have_text("1 to fix")
    go(page, "sync", "sync")
    expect(page.locator(".problem")).to_contain_text("Some fields are not valid.")
    check(page, "30-sync-problem")

    expire_tokens(app, "trainer_a")
    log_session(page, "Grinding safely")
    expect(page.locator("[data-banner=auth]")).to_be_visible()
    check(page, "31-sign-in-expired-banner")
    page.locator("[data-banner=auth]").get_by_role("button", name="Sign in again").click()
    wait_screen(page, "signin")
    check(page, "32-sign-in-again")
