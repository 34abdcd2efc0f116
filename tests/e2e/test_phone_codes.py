"""Issue 14 items 1, 2 and 5 on a 360×740 phone: codes the server gives, the duplicate-person warning,
the clash-and-fix walk (taps counted) and the register window."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import PASSWORD

from .conftest import AXE, TIMEOUT_MS
from .phone import (go, go_offline, go_online, idb, log_session, open_app, outbox, sign_in, sync_now, wait_outbox_empty,
                    wait_screen, wait_until, wait_worker_ready)
from .test_screens import check

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(device):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make deps does)")
    return device(bypass_csp=True)  # axe is injected as an inline script


def enrol(page, given, family, birth_year, code=None):
    """Fill the enrolment form (the cohort, gender and consent as a trainer would) and press Enrol."""
    go(page, "participants", "participants")
    page.get_by_role("link", name="Enrol a participant").click()
    wait_screen(page, "participant-form")
    if code:
        page.get_by_text("More: the programme's own code").click()
        page.get_by_label("Code").fill(code)
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Gender").select_option(label="Female")
    page.get_by_label("Year of birth").fill(str(birth_year))
    page.get_by_label("Consent given on").fill(date.today().isoformat())
    page.get_by_role("button", name="Enrol").click()


def test_a_new_person_shows_a_provisional_code_until_the_servers_code_arrives(app, server, phone):
    from models import Participant, db

    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)
    go_offline(phone, server)
    enrol(page, "Amra", "Čaušević", 2001)
    wait_screen(page, "participant")
    details = page.locator("dl.details").last
    expect(details).to_contain_text("new · pending sync")
    check(page, "codes-01-provisional")
    go(page, "participants", "participants")
    expect(page.get_by_role("link", name=re.compile("Amra Čaušević"))).to_contain_text("new · pending sync")
    assert "code" not in outbox(page)[0]["data"]

    go_online(phone, server)
    sync_now(page)
    person = next(p for p in idb(page, "records", "participant") if p["data"]["given_name"] == "Amra")
    assert person["data"]["code"] == "prog-a-0001"
    with app.app_context():
        assert db.session.get(Participant, person["id"]).code == "prog-a-0001"
    go(page, f"participant/{person['id']}", "participant")
    expect(page.locator("dl.details").last).to_contain_text("prog-a-0001")
    go(page, "participants", "participants")
    expect(page.get_by_role("link", name=re.compile("Amra Čaušević"))).to_contain_text("prog-a-0001")
    assert outbox(page) == []


def test_a_likely_duplicate_is_flagged_when_enrolling(server, phone):
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    enrol(page, "Amra", "Čaušević", 2001)
    wait_screen(page, "participant")
    first_id = page.evaluate("() => location.hash.split('/')[1]")

    enrol(page, "AMRA", " causevic", 2001)  # same person typed again: no accents, other case
    warning = page.locator(".duplicate")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("This person may already be enrolled")
    expect(warning).to_contain_text("Amra Čaušević")
    check(page, "codes-02-duplicate-warning")
    page.get_by_role("link", name="It's the same person").click()
    wait_screen(page, "participant")
    assert page.evaluate("() => location.hash.split('/')[1]") == first_id
    assert len([p for p in idb(page, "records", "participant") if p["data"]["family_name"].strip().lower()
                in ("čaušević", "causevic")]) == 1

    enrol(page, "Amra", "Causevic", 2001)  # a namesake born the same year
    expect(warning).to_be_visible()
    page.get_by_role("button", name="It's someone else").click()
    wait_screen(page, "participant")
    assert len([p for p in idb(page, "records", "participant") if p["data"]["given_name"] == "Amra"]) == 2

    enrol(page, "Amra", "Čaušević", 2002)  # another year of birth: no warning
    wait_screen(page, "participant")


def test_clashing_typed_codes_are_fixed_in_three_taps_per_person_with_their_attendance(app, server, phone):
    """The walk of issue 14: codes typed offline clash with another cohort's; sync refuses the people and the
    attendance pointing to them; each person is fixed with Fix → "Let the server choose a code" → Save."""
    from models import Attendance, Cohort, Participant, Programme, db
    from tests.factories import commit_keeping_attributes, make_participant

    with app.app_context():
        programme = db.session.scalar(select(Programme).where(Programme.code == "prog-a"))
        other = db.session.scalar(select(Cohort).where(Cohort.code == "a2"))
        for n in (901, 902):
            make_participant(programme, other, f"A-{n}")
        commit_keeping_attributes()
    names = [("Lejla", "Hodžić", "A-900"), ("Emir", "Begić", "A-901"), ("Sara", "Kovač", "A-902")]

    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)
    go_offline(phone, server)
    for given, family, code in names:
        enrol(page, given, family, 2000, code)
        wait_screen(page, "participant")
    log_session(page, "Clash walk")
    page.get_by_role("button", name="All present").click()  # 3 of the world + the 3 new people
    expect(page.locator(".summary")).to_have_text(re.compile("6 present"))
    go_online(phone, server)
    sync_now(page)

    cards = page.locator(".card.problem")
    expect(cards).to_have_count(3)  # one per person; their attendance waits with them
    expect(cards.first).to_contain_text("Code: Another participant of this programme has this code.")
    expect(cards.first).not_to_contain_text("code:")
    expect(cards.first).to_contain_text("1 change waits for this record")
    expect(page.locator("#sync-status")).to_have_text(re.compile("3 to fix"))
    check(page, "codes-03-problems")

    taps = {}
    for i, (given, family, _code) in enumerate(names):
        who = f"{given} {family}"
        taps[who] = 0

        def tap(locator, who=who):
            locator.click()
            taps[who] += 1

        card = page.locator(".card.problem", has_text=who)
        tap(card.get_by_role("link", name="Fix"))
        wait_screen(page, "participant-form")
        code = page.get_by_label("Code")
        expect(code).to_have_attribute("aria-invalid", "true")
        expect(code).to_be_focused()
        expect(page.locator(".field", has=code)).to_contain_text("Another participant of this programme has this code.")
        if i == 0:
            check(page, "codes-04-fix-form")
        tap(page.get_by_role("button", name="Let the server choose a code"))
        tap(page.get_by_role("button", name="Save changes"))
        wait_screen(page, "participant")
        go(page, "sync", "sync")  # the sync screen is where the trainer works through the list
        wait_until(page, lambda who=who: page.locator(".card.problem", has_text=who).count() == 0
                   and not page.evaluate("() => document.body.dataset.screen !== 'sync'"), what=f"{who} to be sent")

    wait_outbox_empty(page)
    print(f"\nTAPS per person to fix a code clash, attendance included: {taps}")
    assert all(n <= 3 for n in taps.values()), taps
    with app.app_context():
        for given, _family, typed in names:
            person = db.session.scalar(select(Participant).where(Participant.given_name == given))
            assert person is not None and person.code.startswith("prog-a-") and person.code != typed
            assert db.session.scalar(select(Attendance.status).where(Attendance.participant_id == person.id)) == "present"
    codes = {p["data"]["given_name"]: p["data"].get("code") for p in idb(page, "records", "participant")}
    assert all(codes[g].startswith("prog-a-") for g, _f, _c in names)


def test_a_register_lists_only_people_enrolled_on_the_sessions_day(app, server, phone):
    from models import Cohort, Programme, db
    from tests.factories import commit_keeping_attributes, make_participant, make_session

    with app.app_context():
        programme = db.session.scalar(select(Programme).where(Programme.code == "prog-a"))
        cohort = db.session.scalar(select(Cohort).where(Cohort.code == "a1"))
        make_participant(programme, cohort, "A-LATE", given_name="Later", family_name="Enrolled",
                         enrolled_on=date(2026, 10, 20), consent_on=date(2026, 10, 20))
        make_participant(programme, cohort, "A-GONE", given_name="Already", family_name="Gone",
                         exited_on=date(2026, 9, 30), exit_reason="moved")
        make_participant(programme, cohort, "A-LAST", given_name="Leaving", family_name="Today",
                         exited_on=date(2026, 10, 10), exit_reason="job")
        past = make_session(cohort, on=date(2026, 10, 10), topic="Before the newcomers")
        later = make_session(cohort, on=date(2026, 10, 21), topic="After the newcomers")
        commit_keeping_attributes()
        past_id, later_id = past.id, later.id

    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    go(page, f"attendance/{past_id}", "attendance")
    people = page.locator("button.person")
    expect(people).to_have_count(4)  # A-001..A-003 and the one who left that very day
    expect(page.locator(".people")).not_to_contain_text("Later Enrolled")
    expect(page.locator(".people")).not_to_contain_text("Already Gone")
    expect(page.locator(".people")).to_contain_text("Leaving Today")
    check(page, "codes-05-register-window")
    go(page, f"attendance/{later_id}", "attendance")
    expect(people).to_have_count(4)  # A-001..A-003 and the newcomer; both leavers gone
    expect(page.locator(".people")).to_contain_text("Later Enrolled")
    expect(page.locator(".people")).not_to_contain_text("Leaving Today")


@pytest.mark.parametrize("lang", ["ar", "bs"])
def test_the_new_screens_in_arabic_and_bosnian(server, phone, lang):
    """Right to left and a long-worded language: the optional code, the duplicate warning, a refused person's card
    and the fix form fit 360 px (screenshots codes-<lang>-*.png; axe on each)."""
    page = open_app(phone, server.url)
    wait_screen(page, "signin")
    page.locator("#lang-button").click()
    wait_screen(page, "language")
    page.locator(f".lang-choice[lang='{lang}']").click()
    wait_screen(page, "signin")
    sign_in_any = page.locator("form")
    sign_in_any.locator("input").nth(0).fill("trainer_a")
    sign_in_any.locator("input[type=password]").fill(PASSWORD)
    sign_in_any.locator("button[type=submit]").click()
    wait_screen(page, "today")
    wide = "() => document.documentElement.scrollWidth"
    go(page, "participant/new", "participant-form")
    page.locator("details.more > summary").click()
    inputs = page.locator("form input[type=text]")
    inputs.nth(0).fill("Givena-001")
    inputs.nth(1).fill("FAMILYA-001")
    page.locator("details.more input").fill("A-900")  # the code: another cohort's person has it
    page.locator("form select").nth(1).select_option("female")
    page.locator("form input[type=number]").fill("1999")
    page.locator("form input[type=date]").first.fill(date.today().isoformat())
    page.locator("form button[type=submit]").click()
    expect(page.locator(".duplicate")).to_be_visible()
    check(page, f"codes-{lang}-duplicate")
    assert page.evaluate(wide) <= 360
    page.locator(".duplicate button").click()  # someone else
    wait_screen(page, "participant")
    go(page, "sync", "sync")
    expect(page.locator(".card.problem")).to_have_count(1, timeout=TIMEOUT_MS * 2)  # the screen redraws after sync
    check(page, f"codes-{lang}-problem")
    assert page.evaluate(wide) <= 360
    page.locator(".card.problem a.button").click()
    wait_screen(page, "participant-form")
    expect(page.locator("details.more input")).to_have_attribute("aria-invalid", "true")
    page.evaluate("() => document.activeElement.scrollIntoView({ block: 'center' })")
    check(page, f"codes-{lang}-fix")
    assert page.evaluate(wide) <= 360


def test_attendance_recorded_after_a_refusal_waits_for_the_person_and_goes_with_the_fix(app, server, phone):
    """Online: the person is refused at once; the register marked afterwards is held on the phone (never sent
    alone), shown on the person's card, and sent right after the fixed person in one sync."""
    from models import Attendance, Participant, db

    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    enrol(page, "Nina", "Perić", 1998, code="A-900")
    wait_screen(page, "participant")
    wait_until(page, lambda: [e["state"] for e in outbox(page)] == ["rejected"], what="the refusal")
    log_session(page, "After the refusal")
    page.get_by_role("button", name="All present").click()
    sync_now(page)
    waiting = [e for e in outbox(page) if e["entity"] == "attendance"]
    assert len(waiting) == 1 and waiting[0]["state"] == "pending" and waiting[0]["attempts"] == 0  # held, not sent
    card = page.locator(".card.problem")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("1 change waits for this record")
    expect(card).to_contain_text("Attendance: Nina Perić · After the refusal")
    expect(page.locator("#sync-status")).to_have_text(re.compile("1 to fix"))

    card.get_by_role("link", name="Fix").click()
    wait_screen(page, "participant-form")
    page.get_by_role("button", name="Let the server choose a code").click()
    page.get_by_role("button", name="Save changes").click()
    wait_screen(page, "participant")
    wait_outbox_empty(page)
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.given_name == "Nina"))
        assert person.code.startswith("prog-a-")
        assert db.session.scalar(select(Attendance.status).where(Attendance.participant_id == person.id)) == "present"
    go(page, "participants", "participants")
    expect(page.get_by_role("link", name=re.compile("Nina Perić"))).to_contain_text(person.code)
