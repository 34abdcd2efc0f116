"""Private mentoring and the mentor's list at 360×740 (issue 14 items 4 and 8):
a remote session logged from a mentee's page reaches that mentee's mentor and the coordinator, not
another mentee's mentor, another mentee's page or the cohort trainer's Today; it counts as the mentee's
mentoring hours; the mentor's list searches (accents ignored), sorts by next due and marks who left;
handover notes are dated entries whose line breaks the coordinator's profile keeps."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from models import Attendance, HandoverNote, MentoringGoal, TrainingSession, db
from tests.conftest import PASSWORD
from api.sync.changes import record_change
from tests.factories import add, commit_keeping_attributes, make_participant, make_user

from .conftest import AXE
from .phone import go, idb, open_app, shot, sign_in, sync_now, wait_screen

pytestmark = pytest.mark.e2e

AXE_SERIOUS = """() => axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
  .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))"""
NOTES = "Practised the interview\nNext: send two applications"
HANDOVER = "CV finished\nCall the bakery on Monday\nBring the certificate"


def check(page, name):
    page.evaluate("() => { document.getElementById('toast').textContent = ''; }")
    shot(page, f"private-mentoring-{name}")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_SERIOUS) == [], name


@pytest.fixture
def mentees(app, world, password_hash):
    """mentor_a2 mentors A-001 (in trainer_a's cohort), A-002, Đorđe Čolić (no cohort) and A-003, who left."""
    with app.app_context():
        a = world.a
        mentor = make_user("mentor_a2", password_hash, ("mentor", a.programme))
        colic = make_participant(a.programme, None, "A-777", given_name="Đorđe", family_name="Čolić")
        people = [db.session.merge(a.participants[0]), db.session.merge(a.participants[1]), colic,
                  db.session.merge(a.participants[2])]
        people[3].exited_on = date(2026, 11, 1)
        people[3].exit_reason = "Moved away"
        record_change(db.session, people[3])
        for person, due in zip(people, (date(2026, 12, 20), date(2026, 12, 5), date(2026, 12, 10), date(2026, 11, 30))):
            add(MentoringGoal(programme_id=person.programme_id, cohort_id=person.cohort_id,
                                         participant_id=person.id, mentor_id=mentor.id, title=f"Goal of {person.code}",
                                         status="open", due_on=due))
        commit_keeping_attributes()
        return {"mentee": people[0].id, "colic": colic.id, "programme": a.programme.id}


@pytest.fixture
def phone(device):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make deps does)")
    return lambda: device(bypass_csp=True)


def _names(page):
    return page.locator("#view .cards .card-title").all_inner_texts()


def test_the_mentors_list_searches_sorts_and_marks_who_left(server, phone, mentees):
    page = open_app(phone(), server.url)
    sign_in(page, "mentor_a2")
    sync_now(page)
    go(page, "mentoring", "mentoring")
    # by name; the person who left last, marked
    expect(page.locator("#view .cards .card")).to_have_count(4)
    assert _names(page) == ["Đorđe Čolić", "GivenA-001 FamilyA-001", "GivenA-002 FamilyA-002", "GivenA-003 FamilyA-003"]
    expect(page.locator(".card.exited")).to_contain_text("Left on")
    check(page, "01-list")
    # accents ignored, by name or code
    page.get_by_label("Search by name or code").fill("colic dorde")
    assert _names(page) == ["Đorđe Čolić"]
    page.get_by_label("Search by name or code").fill("a-00")
    assert len(_names(page)) == 3
    page.get_by_label("Search by name or code").fill("")
    # by next goal due; who left still last, or hidden
    page.get_by_label("Sort by").select_option("due")
    assert _names(page) == ["GivenA-002 FamilyA-002", "Đorđe Čolić", "GivenA-001 FamilyA-001", "GivenA-003 FamilyA-003"]
    page.get_by_label("Show people who left").uncheck()
    assert len(_names(page)) == 3
    check(page, "02-list-sorted")


def test_a_private_remote_session_reaches_its_mentees_mentor_only(server, phone, mentees, world, app):
    mentee, colic = mentees["mentee"], mentees["colic"]
    page = open_app(phone(), server.url)
    sign_in(page, "mentor_a2")
    sync_now(page)
    go(page, f"mentee/{mentee}", "mentee")
    check(page, "03-mentee-empty")
    taps = 0
    page.get_by_role("link", name="Log a remote session").click()
    taps += 1
    wait_screen(page, "session-form")
    expect(page.get_by_label("Cohort")).to_have_count(0)  # a private session has no cohort
    page.get_by_label("Topic").fill("Interview practice")
    page.get_by_label("Notes (optional)").fill(NOTES)
    check(page, "04-private-session-form")
    page.get_by_role("button", name="Save session").click()
    taps += 1
    wait_screen(page, "mentee")
    expect(page.locator("#view")).to_contain_text("Interview practice")
    # marked present at once: one hour of remote mentoring
    hours = page.locator("#view dl.details")
    expect(hours).to_contain_text(re.compile(r"Mentoring hours\s*1"))
    expect(hours).to_contain_text(re.compile(r"Remote\s*1"))
    # a handover entry with its line breaks
    page.get_by_text("Add a note of this visit").click()
    page.get_by_label("What was agreed").fill(HANDOVER)
    page.get_by_role("button", name="Add note").click()
    wait_screen(page, "mentee")
    entry = page.locator("ol.handover .card-notes").first
    expect(entry).to_have_text(HANDOVER)
    assert entry.evaluate("el => getComputedStyle(el).whiteSpace") in ("pre-wrap", "pre-line")
    assert "\n" in entry.inner_text()
    check(page, "05-mentee-with-visit")
    page.get_by_role("link", name=re.compile("Interview practice")).click()
    wait_screen(page, "session-view")
    expect(page.locator("#view")).to_contain_text("Private: only the mentors of these mentees and the coordinators")
    check(page, "06-private-session")
    go(page, f"participant/{mentee}", "participant")
    expect(page.locator("#view")).to_contain_text(re.compile(r"Mentoring hours\s*1"))
    check(page, "07-profile-hours")
    sync_now(page)
    print(f"taps to log a private remote session from the mentee's page: {taps}")

    with app.app_context():
        session = db.session.query(TrainingSession).filter_by(topic="Interview practice").one()
        assert session.mentee_ids == [mentee] and session.cohort_id is None and session.notes == NOTES
        marks = db.session.query(Attendance).filter_by(session_id=session.id).all()
        assert [(m.participant_id, m.status) for m in marks] == [(mentee, "present")]
        assert db.session.query(HandoverNote).one().note == HANDOVER
        session_id = session.id

    # not on another mentee's page of the same mentor
    go(page, f"mentee/{colic}", "mentee")
    expect(page.locator("#view")).not_to_contain_text("Interview practice")

    # the cohort's trainer: not on Today, not on the phone at all
    trainer = open_app(phone(), server.url)
    sign_in(trainer, "trainer_a")
    sync_now(trainer)
    go(trainer, "today", "today")
    expect(trainer.locator("#view")).not_to_contain_text("Interview practice")
    assert session_id not in {r["id"] for r in idb(trainer, "records", "session")}
    assert not [r for r in idb(trainer, "records", "attendance") if r["data"]["session_id"] == session_id]

    # another mentee's mentor: not on the phone, not on their mentee's page
    other = open_app(phone(), server.url)
    sign_in(other, "mentor_a")
    sync_now(other)
    assert session_id not in {r["id"] for r in idb(other, "records", "session")}
    go(other, f"mentee/{world.a.outsider.id}", "mentee")
    expect(other.locator("#view")).not_to_contain_text("Interview practice")

    # the mentee's mentor on a second phone receives it
    again = open_app(phone(), server.url)
    sign_in(again, "mentor_a2")
    sync_now(again)
    assert session_id in {r["id"] for r in idb(again, "records", "session")}


def test_the_coordinators_profile_keeps_line_breaks_and_shows_mentoring_hours(server, mentees, browser, app):
    mentee = mentees["mentee"]
    with app.app_context():
        from api.sync.server_write import server_write
        from models import User

        mentor = db.session.query(User).filter_by(username="mentor_a2").one()
        made = server_write(db.session, mentor, "session", None, {
            "mentee_ids": [mentee], "date": "2026-11-20", "duration_minutes": 90, "kind": "remote_mentoring",
            "topic": "Remote call"})
        from models import attendance_id

        server_write(db.session, mentor, "attendance", attendance_id(made.id, mentee),
                     {"session_id": made.id, "participant_id": mentee, "status": "present"})
        for day, text in (("2026-11-10", "First visit\nMet the family"), ("2026-11-24", HANDOVER)):
            server_write(db.session, mentor, "handover_note", None,
                         {"participant_id": mentee, "written_on": day, "note": text})
        db.session.commit()
    for viewport, name in (({"width": 1280, "height": 800}, "wide"), ({"width": 360, "height": 740}, "phone")):
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{server.url}/login")
        page.fill("#username", "coord_a")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.url}/review")
        page.goto(f"{server.url}/review/{mentees['programme']}/participants/{mentee}")
        expect(page.locator("#stat-mentoring-hours")).to_have_text("1.5")
        expect(page.locator("#stat-mentoring-remote")).to_have_text("1.5")
        entries = page.locator("ol.handover li")
        expect(entries).to_have_count(2)
        newest = entries.first.locator(".keep-lines")
        assert newest.inner_text() == HANDOVER  # newest first, every line break kept
        assert newest.evaluate("el => getComputedStyle(el).whiteSpace") == "pre-line"
        assert entries.nth(1).locator(".keep-lines").inner_text() == "First visit\nMet the family"
        page.locator("#handover-heading").scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/shots-mentoring-private/coordinator-profile-{name}.png", full_page=True)
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_SERIOUS) == []
        context.close()


@pytest.mark.parametrize("lang", ["ar", "bs"])
def test_mentoring_screens_fit_right_to_left_and_in_bosnian(server, phone, mentees, app, lang):
    mentee = mentees["mentee"]
    with app.app_context():
        from api.sync.server_write import server_write
        from models import User

        mentor = db.session.query(User).filter_by(username="mentor_a2").one()
        server_write(db.session, mentor, "session", None, {
            "mentee_ids": [mentee, mentees["colic"]], "date": "2026-11-20", "duration_minutes": 90,
            "kind": "mentoring", "topic": "Visit at the bakery", "notes": "Two lines\nof notes"})
        server_write(db.session, mentor, "handover_note", None,
                     {"participant_id": mentee, "written_on": "2026-11-24", "note": HANDOVER})
        db.session.commit()
    page = open_app(phone(), server.url)
    wait_screen(page, "signin")
    page.locator("#lang-button").click()
    wait_screen(page, "language")
    page.locator(f".lang-choice[lang='{lang}']").click()
    wait_screen(page, "signin")
    page.locator("input[name=username]").fill("mentor_a2")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    wait_screen(page, "today")
    sync_now_any_language(page)
    for path, name in (("mentoring", "mentoring"), (f"mentee/{mentee}", "mentee"),
                       (f"session/new?mentee={mentee}&kind=mentoring", "session-form")):
        go(page, path, name)
        if name == "mentee":
            page.locator("details.add-note summary").click()
        if name == "session-form":
            page.locator("form details summary").click()
        assert page.evaluate("() => document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), name
        check(page, f"{lang}-{name}")


def sync_now_any_language(page):
    """Sync through the sync screen's first button (its label is translated)."""
    from .phone import wait_until

    go(page, "sync", "sync")
    page.evaluate("() => { document.getElementById('toast').textContent = ''; }")
    page.locator("#view button").first.click()
    page.wait_for_function("() => document.getElementById('toast').textContent.trim().length > 0")  # finished
    wait_until(page, lambda: any(r["entity"] == "handover_note" for r in idb(page, "records")),
               what="the handover note to arrive")
