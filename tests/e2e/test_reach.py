"""Issue 15, reach: at 360×740 in Bosnian and Arabic, every screen with the longest demo surname (47 letters,
unbroken) wraps instead of scrolling sideways and passes axe-core; names sort in the language's order
(Bosnian C < Č < Ć < D); names and codes are isolated from the text around them (<bdi>); occupation, skill and
level names fall back user language → programme language → base name on every screen; attendance is said of
a woman in the words a gendered language uses (pt() with a context, through the browser catalog).
Screenshots: reach-<lang>-<screen>.png."""
import json
import uuid
from datetime import date

import pytest
from babel.messages.pofile import read_po, write_po
from playwright.sync_api import expect

from cli.demo_content import LONG_FAMILY_NAME
from cli.js_catalog import catalog_json
from models import Assessment, Attendance, CohortStaff, MentoringGoal, Programme, RubricLevel, Skill, User, attendance_id, db
from tests.factories import add, commit_keeping_attributes, make_participant, make_session, make_user

from .conftest import AXE, PHONE, ROOT, SCREENSHOTS, TIMEOUT_MS
from .phone import go, open_app, sign_in, wait_screen
from .test_languages import OVERFLOW, screens
from .test_screens import AXE_SERIOUS

pytestmark = pytest.mark.e2e

#: (given, family, gender): in Bosnian order; English (and Chromium's root order) puts Ć and Č before Ce
BOSNIAN_ORDER = [("Mirsad", "Car", "male"), ("Lejla", "Cerić", "female"), ("Haris", "Čaušević", "male"),
                 ("Selma", "Ćatić", "female"), ("Dino", "Dedić", "male"), ("Adna", "Džafić", "female"),
                 ("Amar", "Đurić", "male")]
SKILL_LABELS = [{"bs": "Čitanje crteža"}, {"bs": "Postavljanje mašine", "ar": "إعداد الآلة"}, {}]


@pytest.fixture
def reach_world(app, world, password_hash):
    """A trainer who also mentors, a woman with the 47-letter surname (absent, assessed, with a goal), people
    to sort, a programme in Bosnian and skill names in some languages only."""
    a = world.a
    with app.app_context():
        db.session.get(Programme, a.programme.id).default_locale = "bs"
        for skill, labels in zip(world.skills, SKILL_LABELS):
            db.session.get(Skill, skill.id).labels = labels
        for level in db.session.query(RubricLevel).filter_by(occupation_id=world.occupation.id):
            level.labels = {"bs": f"Nivo {level.level} bs"}
        user = make_user("reach_a", password_hash, ("trainer", a.programme), ("mentor", a.programme),
                         display_name="Emina Hadžimehmedović")
        db.session.add(CohortStaff(cohort_id=a.cohort.id, user_id=user.id, role="trainer"))
        long = make_participant(a.programme, a.cohort, "A-047-KLJUC-2026", given_name="Amra",
                                family_name=LONG_FAMILY_NAME, gender="female")
        others = [make_participant(a.programme, a.cohort, f"A-1{i:02d}", given_name=g, family_name=f, gender=s)
                  for i, (g, f, s) in enumerate(BOSNIAN_ORDER)]
        session = make_session(a.cohort, on=date(2026, 11, 20), topic="Čitanje crteža (CNC).")
        for person in (long, others[0]):
            add(Attendance(id=attendance_id(session.id, person.id), programme_id=a.programme.id, cohort_id=a.cohort.id,
                           session_id=session.id, participant_id=person.id, status="absent"))
        goal = add(MentoringGoal(programme_id=a.programme.id, cohort_id=a.cohort.id, participant_id=long.id,
                                 mentor_id=user.id, status="open", title="Radno mjesto u Ključu.",
                                 due_on=date(2026, 12, 15)))
        assessment = add(Assessment(programme_id=a.programme.id, cohort_id=a.cohort.id, participant_id=long.id,
                                    skill_id=world.skills[0].id, level=2, assessed_on=date(2026, 11, 20),
                                    session_id=session.id, assessor_id=user.id, note="Treba još vježbe."))
        commit_keeping_attributes()
        return {"person": long.id, "session": session.id, "goal": goal.id, "mentee": long.id,
                "assessment": assessment.id, "skill": world.skills[0].id, "other_session": a.session.id, "others": [p.id for p in others]}


def set_locale(app, username, lang):
    with app.app_context():
        db.session.query(User).filter_by(username=username).update({"locale": lang})
        db.session.commit()


def problems_backup(tmp_path, ids):
    """A backup file with two changes the server rejects: the long-named woman's attendance (status "sleeping")
    and an assessment of her at level 99 (of the world's other session); the sync screen shows both as problems."""
    session_id, person_id = ids["other_session"], ids["person"]
    changes, records = [], []
    for entity, record_id, data in [
            ("attendance", attendance_id(session_id, person_id),
             {"session_id": session_id, "participant_id": person_id, "status": "sleeping"}),
            ("assessment", str(uuid.uuid4()), {"participant_id": person_id, "skill_id": ids["skill"], "level": 99,
                                               "assessed_on": "2026-11-21", "session_id": None, "note": None})]:
        changes.append({"mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id, "op": "upsert",
                        "data": data, "hlc": "2026-11-21T08:00:00.000Z_0000_" + str(uuid.uuid4()),
                        "base_version": None})
        records.append({"entity": entity, "id": record_id, "version": None, "data": data})
    path = tmp_path / "problems.json"
    path.write_text(json.dumps({"format": "field-mentor-backup", "version": 1, "changes": changes, "records": records}))
    return path


def check(page, lang, label):
    page.evaluate("() => { document.getElementById('toast').textContent = ''; }")
    result = page.evaluate(OVERFLOW)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"reach-{lang}-{label}.png"), full_page=True)
    assert result["lang"] == lang, label
    assert result["bad"] == [], f"{lang} {label}: {result['bad']}"
    assert result["scrollWidth"] <= PHONE["width"], f"{lang} {label}: the page scrolls sideways ({result['scrollWidth']}px)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_SERIOUS)
    assert violations == [], f"{lang} {label}: {violations}"


def expect_skill_names(page, lang, where):
    """The first skill has only a Bosnian name (the programme's language), the third none at all."""
    expect(page.locator("#view")).to_contain_text("Čitanje crteža")
    expect(page.locator("#view")).not_to_contain_text("Read a drawing")
    if where != "assessment-form":
        expect(page.locator("#view")).to_contain_text("Measure parts")
        expect(page.locator("#view")).to_contain_text("إعداد الآلة" if lang == "ar" else "Postavljanje mašine")
    if where in ("assess", "assessment-form"):
        expect(page.locator("#view")).to_contain_text("Nivo 2 bs")


@pytest.mark.parametrize("lang", ["bs", "ar"])
def test_every_screen_fits_with_the_longest_name(app, server, device, reach_world, tmp_path, lang):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make deps does)")
    set_locale(app, "reach_a", lang)
    page = open_app(device(bypass_csp=True), server.url)
    sign_in(page, "reach_a")
    wait_screen(page, "today")
    go(page, "sync", "sync")
    page.locator("#import-backup").set_input_files(str(problems_backup(tmp_path, reach_world)))
    go(page, "sync", "sync")
    expect(page.locator(".problem")).to_have_count(2, timeout=TIMEOUT_MS)
    for path, name in screens(reach_world):
        go(page, path, name)
        label = name if "new" not in path else f"{name}-new"
        if name == "assess":
            page.locator("details summary").first.click()
        if name == "sync":
            page.locator("#push .fm-push[data-state]").wait_for()
            expect(page.locator(".problem").first).to_contain_text(LONG_FAMILY_NAME)
            expect(page.locator(".problem").nth(1)).to_contain_text("Čitanje crteža")  # the skill, in bs
        if name in ("participant", "assess", "assessment-form"):
            expect_skill_names(page, lang, name)
        check(page, lang, label)
    # the name is isolated: inside Arabic text the Latin name keeps its punctuation on its own side
    go(page, f"participant/{reach_world['person']}", "participant")
    assert page.locator("h1 bdi").text_content() == f"Amra {LONG_FAMILY_NAME}"


def test_participants_in_bosnian_order(app, server, device, reach_world):
    set_locale(app, "reach_a", "bs")
    page = open_app(device(), server.url)
    sign_in(page, "reach_a")
    go(page, "participants", "participants")
    names = page.locator(".list-link .name").all_text_contents()
    ours = [n for n in names if n in {f"{g} {f}" for g, f, _s in BOSNIAN_ORDER}]
    assert ours == [f"{g} {f}" for g, f, _s in BOSNIAN_ORDER]


def bosnian_catalog_with_contexts(tmp_path) -> bytes:
    """The project's Bosnian catalog plus the contexts of a woman and a man (the lead translates these into
    translations/bs at merge; the test does not write the project's .po files)."""
    with open(ROOT / "translations" / "bs" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale="bs")
    where = [("field/static/js/labels.js", 1)]
    for context, words in [("of a woman", {"Present": "Prisutna", "Absent": "Izostala", "Late": "Kasni",
                                           "Excused": "Opravdana"}),
                           ("of a man", {"Present": "Prisutan", "Absent": "Izostao", "Late": "Kasni",
                                         "Excused": "Opravdan"})]:
        for msgid, msgstr in words.items():
            catalog.add(msgid, msgstr, context=context, locations=where)
    po = tmp_path / "bs.po"
    with open(po, "wb") as fh:
        write_po(fh, catalog)
    return catalog_json(str(po), "bs")


def test_a_woman_is_izostala_in_bosnian(app, server, browser, reach_world, tmp_path):
    set_locale(app, "reach_a", "bs")
    # no service worker: the page's own fetch of the catalog is answered here
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                  service_workers="block")
    try:
        body = bosnian_catalog_with_contexts(tmp_path)
        context.route("**/static/i18n/bs.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body=body))
        page = open_app(context, server.url)
        sign_in(page, "reach_a")
        go(page, f"attendance/{reach_world['session']}", "attendance")
        woman = page.locator(".person", has_text=LONG_FAMILY_NAME)
        man = page.locator(".person", has_text="Mirsad Car")
        expect(woman.locator(".status")).to_have_text("Izostala")
        expect(man.locator(".status")).to_have_text("Izostao")
        woman.click()  # absent → late → the word of a woman again
        expect(woman.locator(".status")).to_have_text("Kasni")
        woman.click()
        expect(woman.locator(".status")).to_have_text("Opravdana")
        page.screenshot(path=str(SCREENSHOTS / "reach-bs-attendance-woman.png"), full_page=True)
    finally:
        context.close()
