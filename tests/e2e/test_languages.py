"""Every screen of the field app in Arabic, German and Turkish at 360×740: the page mirrors for
right-to-left, no button, link, label, heading or input runs past the screen or clips its text,
and the page never scrolls sideways. The language is chosen with the header button (as a person
would) before sign-in, and reaches the user's profile. Screenshots: lang-<lang>-<screen>.png."""
from datetime import date

import pytest
from sqlalchemy import select

from models import Assessment, CohortStaff, MentoringGoal, Review, User, db
from tests.conftest import PASSWORD
from tests.factories import add, commit_keeping_attributes, make_participant, make_session, make_user

from .conftest import SCREENSHOTS
from .phone import go, open_app, wait_screen, wait_until

pytestmark = pytest.mark.e2e

#: (a) nothing past the viewport's edges, (b) no clipped text in buttons and labels, (c) no sideways scroll
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  const selector = 'button, a, label, h1, h2, h3, legend, summary, input, select, textarea';
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden' || el.closest('.visually-hidden, .file-input, dialog:not([open])')) continue;
    const isInput = el.matches('input, select, textarea');
    if (!isInput && !el.textContent.trim()) continue;
    const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
    if (box.left < -1 || box.right > width + 1) bad.push(`${name}: x ${Math.round(box.left)}..${Math.round(box.right)}`);
    if (el.matches('button, label, .button') && el.scrollWidth > el.clientWidth + 1) {
      bad.push(`${name}: text clipped (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  return { bad, scrollWidth: document.documentElement.scrollWidth, dir: document.documentElement.dir,
           lang: document.documentElement.lang };
}"""

LANGS = ["ar", "de", "tr"]


@pytest.fixture
def field_world(app, world, password_hash):
    """The test world plus what a real field day has: a trainer who also mentors, long names and
    topics, assessments with history, a mentee with a goal."""
    a = world.a
    with app.app_context():
        user = make_user("multi_a", password_hash, ("trainer", a.programme), ("mentor", a.programme),
                         display_name="Emina Hadžimehmedović-Karabegović")
        db.session.add(CohortStaff(cohort_id=a.cohort.id, user_id=user.id, role="trainer"))
        person = make_participant(a.programme, a.cohort, "A-004", given_name="Abdulrahman",
                                  family_name="Hadžimehmedović-Alijagić")
        session = make_session(a.cohort, on=date(2026, 11, 20), topic="Reading technical drawings and tolerances "
                               "for turned parts on the CNC lathe", notes="Two machines down; worked in pairs.")
        goal = add(MentoringGoal(programme_id=a.programme.id, cohort_id=a.outsider.cohort_id,
                                 participant_id=a.outsider.id, mentor_id=user.id, status="in_progress",
                                 title="Find a workplace with a CNC workshop near Ključ", due_on=date(2026, 12, 15)))
        assessments = [add(Assessment(programme_id=a.programme.id, cohort_id=a.cohort.id, participant_id=person.id,
                                      skill_id=skill.id, level=level, assessed_on=date(2026, 11, day),
                                      session_id=session.id, assessor_id=user.id, note="Needs a second try"))
                       for skill, level, day in [(world.skills[0], 1, 10), (world.skills[0], 3, 20),
                                                 (world.skills[1], 2, 20)]]
        add(Review(record_entity="participant", record_id=person.id, record_version=person.version,
                   programme_id=a.programme.id, cohort_id=a.cohort.id, participant_id=person.id, status="flagged",
                   comment="Birth year looks wrong:\nplease check the ID card.", reviewer_id=a.coordinator.id))
        commit_keeping_attributes()
        return {"person": person.id, "session": session.id, "goal": goal.id, "mentee": a.outsider.id,
                "assessment": assessments[0].id}


def screens(ids):
    """(hash path, screen name) of every screen of the app, with records to show."""
    return [
        ("today", "today"), ("participants", "participants"), (f"participant/{ids['person']}", "participant"),
        (f"participant/{ids['person']}/edit", "participant-form"), ("participant/new", "participant-form"),
        (f"session/{ids['session']}", "session-view"), (f"session/{ids['session']}/edit", "session-form"),
        ("session/new", "session-form"), (f"attendance/{ids['session']}", "attendance"),
        (f"assess/{ids['person']}?session={ids['session']}", "assess"),
        (f"assessment/{ids['assessment']}", "assessment-form"), ("mentoring", "mentoring"),
        (f"mentee/{ids['mentee']}", "mentee"), (f"goal/{ids['goal']}", "goal-form"),
        (f"goal/new?participant={ids['mentee']}", "goal-form"), ("sync", "sync"), ("language?back=sync", "language"),
        ("flags", "flags"),
    ]


def check(page, lang, label):
    page.evaluate("() => { document.getElementById('toast').textContent = ''; }")
    result = page.evaluate(OVERFLOW)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"lang-{lang}-{label}.png"), full_page=True)
    assert result["lang"] == lang, label
    assert result["dir"] == ("rtl" if lang == "ar" else "ltr"), label
    assert result["bad"] == [], f"{lang} {label}: {result['bad']}"
    assert result["scrollWidth"] <= 360, f"{lang} {label}: the page scrolls sideways ({result['scrollWidth']}px)"


@pytest.mark.parametrize("lang", LANGS)
def test_every_screen_fits_and_mirrors(app, server, device, field_world, lang):
    page = open_app(device(), server.url)
    wait_screen(page, "signin")
    page.locator("#lang-button").click()
    wait_screen(page, "language")
    page.locator(f".lang-choice[lang='{lang}']").click()
    wait_screen(page, "signin")
    assert page.locator("#lang-name").get_attribute("lang") == lang
    check(page, lang, "signin")

    page.locator("input[name=username]").fill("multi_a")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    wait_screen(page, "today")
    for path, name in screens(field_world):
        go(page, path, name)
        label = name if name not in {"participant-form", "session-form", "goal-form"} or "new" not in path \
            else f"{name}-new"
        if name == "assess":
            for summary in page.locator("details summary").all():
                summary.click()  # the rubric, the notes and the history open too
        if name == "sync":
            page.locator("#push .fm-push[data-state]").wait_for()  # the notifications section has settled
        check(page, lang, label)

    # the choice made before sign-in reached the profile
    def profile_locale():
        with app.app_context():
            return db.session.scalar(select(User.locale).where(User.username == "multi_a"))

    wait_until(page, lambda: profile_locale() == lang, what="the profile's locale")


def test_language_chosen_offline_reaches_the_profile_and_the_next_sign_in(app, server, device):
    from .phone import go_offline, go_online, sign_in, wait_worker_ready

    def profile_locale():
        with app.app_context():
            return db.session.scalar(select(User.locale).where(User.username == "trainer_a"))

    before = profile_locale()
    phone = device()
    page = open_app(phone, server.url)
    sign_in(page, "trainer_a")
    wait_worker_ready(page)
    go_offline(phone, server)
    page.locator("#lang-button").click()
    wait_screen(page, "language")
    page.locator(".lang-choice[lang='de']").click()
    wait_screen(page, "today")
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert page.locator("#lang-name").text_content() == "Deutsch"
    assert page.locator("#tabs a").first.text_content() == "Heute"
    page.reload()  # offline, from the service worker: the choice is kept on the phone
    wait_screen(page, "today")
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert profile_locale() == before != "de"

    go_online(phone, server)
    wait_until(page, lambda: profile_locale() == "de", what="the profile's locale after reconnecting")

    other = open_app(device(), server.url)  # another phone: sign-in takes the profile's language
    sign_in(other, "trainer_a")
    assert other.evaluate("() => document.documentElement.lang") == "de"
    assert other.locator("#lang-name").text_content() == "Deutsch"
