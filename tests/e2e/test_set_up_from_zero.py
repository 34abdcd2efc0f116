"""Issue 12's journey in Chromium, from an empty database: no demo data, no test world.

The first admin is made by the real ``flask users create`` command; everything else is done in the
browser as people would: the admin creates a programme and its coordinator; the coordinator redeems
the one-time code, creates an employer site, a trade (6 skills, a 5-level rubric), a cohort and its
trainer; the trainer redeems their code on a 360×740 phone, enrols two participants, loses the
network (the server is really stopped), records a session with attendance and an assessment, and
syncs once back online; the coordinator then sees the session on the feed and the indicators page.
"""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from .conftest import TIMEOUT_MS, LiveServer
from .phone import (expect_pill, go, go_offline, go_online, log_session, open_app, outbox, sign_in, wait_outbox_empty,
                    wait_screen, wait_worker_ready)

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1280, "height": 800}
ADMIN_PASSWORD = "Kőszeg-admin-2026"
COORDINATOR_PASSWORD = "coordinator-pass-77"
TRAINER_PASSWORD = "trainer-pass-4321"
LEVELS = ["Not yet", "With help", "Partly alone", "Competent", "Teaches others"]
SKILLS = ["Read a welding drawing", "Prepare the joint", "Set up the welder", "Tack weld", "Fillet weld",
          "Inspect the seam"]
CODE_PATTERN = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def empty_server(app):
    """The app on loopback over an empty migrated database (the ``app`` fixture's; no ``world``)."""
    live = LiveServer(app)
    live.start()
    yield live
    live.stop()


def laptop(browser):
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def sign_in_to_pages(page, url, username, password):
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/review"))


def set_up_section(page, name):
    """Follow a link of the programme's set-up navigation (Settings, Sites and employers, Trades, …)."""
    page.get_by_role("navigation", name="Set-up").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def create_account(page, display_name, username, role, cohort=None):
    """On the programme's Staff page: the new account's one-time code, shown once."""
    set_up_section(page, "Staff")
    page.get_by_label("Name", exact=True).fill(display_name)
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Role", exact=True).select_option(label=role)
    if cohort:
        page.get_by_label(re.compile(re.escape(cohort))).check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="One-time code")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(f"The account of {display_name} was created.")
    code = page.locator(".code-value[translate=no]").inner_text().strip()
    assert CODE_PATTERN.fullmatch(code), code
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("cell", name=username, exact=True)).to_be_visible()
    return code


def redeem(page, username, code, password):
    """/welcome: username, one-time code, a new password twice."""
    expect(page.get_by_role("heading", name="First sign-in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("One-time code").fill(code)
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password again").fill(password)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()


def enrol(page, code, given, family, gender, birth_year, group):
    go(page, "today", "today")
    page.get_by_role("link", name="Participants", exact=True).first.click()
    wait_screen(page, "participants")
    page.get_by_role("link", name="Enrol a participant").click()
    wait_screen(page, "participant-form")
    page.get_by_text("More: the programme's own code").click()  # a programme with its own codes types them
    page.get_by_label("Code").fill(code)
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Gender").select_option(label=gender)
    page.get_by_label("Year of birth").fill(str(birth_year))
    page.get_by_label(group).check()
    page.get_by_label("Consent given on").fill(date.today().isoformat())
    page.get_by_role("button", name="Enrol").click()
    wait_screen(page, "participant")
    expect(page.get_by_role("heading", name=re.compile(given))).to_be_visible()


def test_a_programme_is_set_up_from_zero_and_its_trainer_works_offline(app, empty_server, browser, device):
    from models import Assessment, Attendance, Participant, Programme, TrainingSession, User, db

    url = empty_server.url
    today = date.today()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0  # nothing but the schema
        assert db.session.scalar(select(func.count()).select_from(Programme)) == 0

    # 1. The first admin, by the real command.
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "jana", "--role", "admin", "--organisation", "Kőszeg Employment Pact",
        "--password", ADMIN_PASSWORD, "--display-name", "Jana Kovács"])
    assert result.exit_code == 0, result.output
    assert "admin of Kőszeg Employment Pact" in result.output

    # 2. The admin: a programme, then its coordinator.
    admin = laptop(browser).new_page()
    sign_in_to_pages(admin, url, "jana", ADMIN_PASSWORD)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Set-up").click()
    admin.get_by_role("link", name="Programmes", exact=True).first.click()
    admin.wait_for_url(re.compile(r"/admin/programmes$"))
    expect(admin.get_by_text("There is no programme yet.")).to_be_visible()
    admin.get_by_label("Name", exact=True).fill("Kőszeg welders 2027")
    admin.get_by_label("Code", exact=True).fill("koszeg-weld")
    admin.get_by_label("Donors").fill("ESF+")
    admin.get_by_label("Starts on").fill((today - timedelta(days=60)).isoformat())
    admin.get_by_label("Ends on").fill((today + timedelta(days=365)).isoformat())
    admin.get_by_label("Default language").select_option(label="English")
    admin.get_by_role("button", name="Create the programme").click()
    admin.wait_for_url(re.compile(r"/admin/programmes/[^/]+$"))
    expect(admin.get_by_text("The programme Kőszeg welders 2027 was created.")).to_be_visible()
    programme_id = admin.url.rstrip("/").rsplit("/", 1)[1]
    coordinator_code = create_account(admin, "Zsófia Tóth", "zsofia", "Coordinator")
    admin.context.close()

    # 3. The coordinator: first sign-in, then a site, a trade, a cohort and a trainer.
    coordinator = laptop(browser).new_page()
    coordinator.goto(f"{url}/welcome")
    redeem(coordinator, "zsofia", coordinator_code, COORDINATOR_PASSWORD)
    sign_in_to_pages(coordinator, url, "zsofia", COORDINATOR_PASSWORD)
    coordinator.goto(f"{url}/admin/programmes/{programme_id}")
    expect(coordinator.get_by_role("heading", level=1)).to_be_visible()

    set_up_section(coordinator, "Sites and employers")
    expect(coordinator.get_by_text("This programme has no site or employer yet.")).to_be_visible()
    coordinator.get_by_label("Name", exact=True).first.fill("Rába Metal Works")
    coordinator.get_by_label("Kind").select_option(label="Employer")
    coordinator.get_by_label("Municipality").fill("Kőszeg")
    coordinator.get_by_label("Country").select_option(value="HU")
    coordinator.get_by_label("Sector").fill("Metalworking")
    contact = coordinator.get_by_role("group", name="Contact person")
    contact.get_by_label("Name", exact=True).fill("Péter Szabó")
    contact.get_by_label("Phone").fill("+36 94 000 000")
    coordinator.get_by_role("button", name="Add the site").click()
    expect(coordinator.get_by_text("The site Rába Metal Works was saved.")).to_be_visible()
    expect(coordinator.get_by_role("rowheader", name="Rába Metal Works")).to_be_visible()

    set_up_section(coordinator, "Trades")
    coordinator.get_by_label("Code", exact=True).fill("welder.koszeg")
    coordinator.get_by_label("Name", exact=True).fill("Welder")
    coordinator.get_by_label("Rubric levels, one a line, from level 0").fill("\n".join(LEVELS))
    coordinator.get_by_label("Skills, one a line, in teaching order").fill("\n".join(SKILLS))
    coordinator.get_by_role("button", name="Create trade").click()
    expect(coordinator.get_by_text("Trade created. Devices receive it on their next sync.")).to_be_visible()
    for n, level in enumerate(LEVELS):
        expect(coordinator.get_by_label(f"Level {n}", exact=True).first).to_have_value(level)
    for n, skill in enumerate(SKILLS, start=1):
        expect(coordinator.get_by_label(f"Skill {n}", exact=True).first).to_have_value(skill)

    set_up_section(coordinator, "Cohorts")
    coordinator.get_by_label("Code", exact=True).fill("weld-1")
    coordinator.get_by_label("Name", exact=True).fill("Welders, first group")
    trade = coordinator.get_by_label("Trade", exact=True)
    trade.select_option(trade.locator("option", has_text="Welder").get_attribute("value"))
    coordinator.get_by_label("Site", exact=True).select_option(label="Rába Metal Works")
    coordinator.get_by_label("Start date").fill((today - timedelta(days=14)).isoformat())
    coordinator.get_by_label("End date").fill((today + timedelta(days=120)).isoformat())
    coordinator.get_by_label("Capacity").fill("12")
    coordinator.get_by_role("button", name="Create cohort").click()
    expect(coordinator.get_by_text("Cohort created.", exact=False)).to_be_visible()

    trainer_code = create_account(coordinator, "Gábor Nagy", "gabor", "Trainer", cohort="weld-1 · Welders, first group")
    expect(coordinator.get_by_role("row", name=re.compile("gabor"))).to_contain_text("weld-1")

    # 4. The trainer, on a phone: the one-time code, two participants, then a session offline.
    phone = device()
    page = open_app(phone, url)
    wait_screen(page, "signin")
    page.get_by_role("link", name="First sign-in? Use your code").click()
    page.wait_for_url(re.compile(r"/welcome$"))
    redeem(page, "gabor", trainer_code, TRAINER_PASSWORD)
    page.get_by_role("link", name="Open the app and sign in").click()
    sign_in(page, "gabor", TRAINER_PASSWORD)
    wait_worker_ready(page)
    expect(page.get_by_text("Welders, first group").first).to_be_visible()

    enrol(page, "KW-001", "Anna", "Kiss", "Female", 1999, "Long-term unemployed")
    enrol(page, "KW-002", "Bence", "Horváth", "Male", 2004, "Not in employment, education or training (NEET)")
    wait_outbox_empty(page)  # the enrolments reached the server while online
    go(page, "today", "today")

    go_offline(phone, empty_server)
    page.reload()
    wait_screen(page, "today")  # the shell came from the service worker's cache
    log_session(page, "Fillet welds on plate", minutes="240")
    page.get_by_role("button", name="All present").click()
    page.get_by_role("button", name=re.compile("Bence")).click()  # present → absent
    expect(page.locator(".summary")).to_have_text(re.compile("1 present, 0 late, 1 absent"))
    page.get_by_role("link", name="Done").click()
    wait_screen(page, "session-view")
    page.get_by_role("link", name=re.compile("Anna")).click()
    wait_screen(page, "assess")
    page.get_by_role("group", name=SKILLS[0]).get_by_role("radio", name=re.compile(r"^3 · Competent")).check()
    page.get_by_role("group", name=SKILLS[4]).get_by_role("radio", name=re.compile(r"^2 · Partly alone")).check()
    page.get_by_role("button", name="Save levels").click()
    wait_screen(page, "session-view")
    assert len(outbox(page)) == 5  # the session, 2 attendance marks, 2 assessments
    expect_pill(page, "5 waiting")

    go_online(phone, empty_server)
    wait_outbox_empty(page)
    expect_pill(page, re.compile("Synced"))

    with app.app_context():
        session = db.session.scalars(select(TrainingSession).where(TrainingSession.topic == "Fillet welds on plate")).one()
        assert session.programme_id == programme_id and session.duration_minutes == 240
        marks = db.session.execute(
            select(Participant.code, Attendance.status).join(Participant, Participant.id == Attendance.participant_id)
            .where(Attendance.session_id == session.id).order_by(Participant.code)).all()
        assert [tuple(m) for m in marks] == [("KW-001", "present"), ("KW-002", "absent")]
        assert sorted(db.session.scalars(select(Assessment.level)).all()) == [2, 3]

    # 5. The coordinator sees the session on the feed, and the indicators count it.
    coordinator.goto(f"{url}/review/{programme_id}/feed")
    feed = coordinator.locator(".feed-item")
    expect(feed.filter(has_text="Fillet welds on plate")).to_have_count(1)
    expect(feed.filter(has_text="KW-001 Anna Kiss").first).to_be_visible()
    expect(feed.filter(has_text="Gábor Nagy").first).to_be_visible()
    coordinator.goto(f"{url}/review/{programme_id}/indicators")
    expect(coordinator.locator("#stat-participants")).to_have_text("2")
    people = coordinator.get_by_role("region", name="People enrolled")
    expect(people.get_by_role("definition").nth(1)).to_have_text("1")  # attended at least once
    hours = coordinator.get_by_role("region", name="Hours")
    expect(hours.get_by_role("definition").first).to_have_text("1")  # training sessions
    attendance = coordinator.get_by_role("region", name="Attendance")
    expect(attendance.get_by_role("row", name=re.compile("weld-1"))).to_contain_text("50")
    coordinator.context.close()
