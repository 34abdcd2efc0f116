"""Trades on the set-up pages: shared trades (admins), a programme's own copy (coordinators), skills, rubric, names."""
from datetime import date

import pytest
from sqlalchemy import func, select

from models import Assessment, AuditLog, ChangeLog, Occupation, Skill
from tests.review_fixtures import csrf_from, make_assessment, sign_in, w  # noqa: F401
from tests.sync.conftest import SyncDevice

LEVELS = "Not yet\nWith help\nAlone\nCompetent\nTeaches others"
SKILLS = "Read a drawing\nSet up the machine\nMeasure parts\nChange tools\nRun a program\nKeep the machine"


def _post(client, url, page_url, **data):
    data["csrf_token"] = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data=data)


def _trade_form(occupation, **changes):
    """The trade form as the page fills it (every level row and skill row), with ``changes``."""
    data = {"code": occupation.code, "name": occupation.name}
    for level in occupation.rubric:
        data[f"level.{level.level}.label"] = level.label
        data[f"level.{level.level}.description"] = level.description or ""
    for i, skill in enumerate(sorted((s for s in occupation.skills if not s.deleted), key=lambda s: s.position)):
        data.update({f"skills.{i}.id": skill.id, f"skills.{i}.name": skill.name, f"skills.{i}.code": skill.code,
                     f"skills.{i}.position": str(i + 1)})
    data.update(changes)
    return data


def _copy(client, w, db_session, code="cnc.a"):
    programme = w.a.programme
    page = f"/admin/programmes/{programme.id}/trades/{w.occupation.id}"
    response = _post(client, f"{page}/copy", page, code=code, name="CNC operator (A)")
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.rollback()
    return db_session.scalar(select(Occupation).where(Occupation.code == code))


def test_an_admin_makes_a_shared_trade_with_6_skills_and_a_5_level_rubric(client, w, db_session):
    sign_in(client, "admin")
    page = client.get("/admin/trades").get_data(as_text=True)
    assert "CNC operator" in page and "New shared trade" in page
    response = _post(client, "/admin/trades", "/admin/trades", code="pvc-joinery", name="PVC/Al joinery operator",
                     levels=LEVELS, skills=SKILLS)
    assert response.status_code == 302
    db_session.rollback()
    trade = db_session.scalar(select(Occupation).where(Occupation.code == "pvc-joinery"))
    assert trade.programme_id is None and trade.organisation_id == w.org.id
    assert [r.label for r in trade.rubric] == LEVELS.split("\n")
    assert [s.name for s in sorted(trade.skills, key=lambda s: s.position)] == SKILLS.split("\n")
    assert [s.position for s in sorted(trade.skills, key=lambda s: s.position)] == list(range(6))
    logged = db_session.scalars(select(ChangeLog.entity).where(ChangeLog.record_id.in_(
        [trade.id] + [s.id for s in trade.skills]))).all()
    assert sorted(logged) == ["occupation"] + ["skill"] * 6
    assert db_session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.record_id == trade.id)) == 1
    edit = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Save trade" in edit and "Changes are kept in the history" in edit and 'name="rubric.4.de"' in edit


def test_a_coordinator_copies_a_shared_trade_and_edits_the_copy_but_not_the_shared_one(client, w, db_session):
    shared = w.occupation
    sign_in(client, "coord_a")
    page = client.get(f"/admin/programmes/{w.a.programme.id}/trades/{shared.id}").get_data(as_text=True)
    assert "Copy for this programme" in page and "Save trade" not in page
    before = (shared.version, shared.name, [s.name for s in shared.skills])
    url = f"/admin/programmes/{w.a.programme.id}/trades/{shared.id}"
    assert _post(client, url, url, **_trade_form(shared, name="Changed")).status_code == 403
    assert _post(client, f"{url}/labels", url, **{f"occupation.{shared.id}.de": "X"}).status_code == 403
    assert client.get(f"/admin/trades/{shared.id}").status_code == 403
    db_session.rollback()
    assert (shared.version, shared.name, [s.name for s in shared.skills]) == before and shared.labels == {}

    copy = _copy(client, w, db_session)
    assert (copy.programme_id, copy.copied_from_id, copy.organisation_id) == (w.a.programme.id, shared.id, w.org.id)
    assert copy.rubric_levels == shared.rubric_levels
    assert [(s.code, s.name, s.position) for s in copy.skills] == [(s.code, s.name, s.position) for s in shared.skills]
    assert {s.programme_id for s in copy.skills} == {w.a.programme.id}

    url = f"/admin/programmes/{w.a.programme.id}/trades/{copy.id}"
    assert "Save trade" in client.get(url).get_data(as_text=True)
    first, second, third = sorted(copy.skills, key=lambda s: s.position)
    form = _trade_form(copy, **{"name": "CNC operator, Ključ", "skills.0.position": "2", "skills.1.position": "1",
                                "skills.1.name": "Set up the lathe", "skills.2.remove": "1",
                                "new_skills": "Deburr parts", "level.5.label": "Masters it"})
    response = _post(client, url, url, **form)
    assert response.status_code == 302, response.get_data(as_text=True)
    db_session.rollback()
    assert copy.name == "CNC operator, Ključ" and copy.max_level == 5
    live = sorted((s for s in copy.skills if not s.deleted), key=lambda s: s.position)
    assert [s.name for s in live] == ["Set up the lathe", "Read a drawing", "Deburr parts"]
    assert third.deleted and db_session.get(Skill, third.id) is not None  # a tombstone, kept
    assert (shared.version, shared.name, [s.name for s in shared.skills]) == before


def test_the_copy_is_pulled_by_the_programmes_trainer_and_not_by_another_programmes(client, w, db_session, api):
    phone_a, phone_b = SyncDevice(api("trainer_a")), SyncDevice(api("trainer_b"))
    phone_a.pull_all(), phone_b.pull_all()
    sign_in(client, "coord_a")
    copy = _copy(client, w, db_session)
    skill_ids = {s.id for s in copy.skills}
    pulled_a = {(c["entity"], c["id"]) for c in phone_a.pull_all()}
    pulled_b = {(c["entity"], c["id"]) for c in phone_b.pull_all()}
    assert ("occupation", copy.id) in pulled_a and {("skill", i) for i in skill_ids} <= pulled_a
    assert not {i for _e, i in pulled_b} & (skill_ids | {copy.id})
    # a new phone's first pull too, and the record endpoints
    fresh_b = {c["id"] for c in SyncDevice(api("trainer_b")).pull_all()}
    assert copy.id not in fresh_b and not skill_ids & fresh_b
    assert copy.id in {c["id"] for c in SyncDevice(api("mentor_a")).pull_all()}
    assert api("trainer_b").get(f"/occupation/{copy.id}").status_code == 404
    assert api("trainer_a").get(f"/occupation/{copy.id}").status_code == 200
    # coordinator B cannot see nor copy from A's copy
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/devices").get_data(as_text=True))})
    sign_in(client, "coord_b")
    assert client.get(f"/admin/programmes/{w.b.programme.id}/trades/{copy.id}").status_code == 404
    assert "CNC operator (A)" not in client.get(f"/admin/programmes/{w.b.programme.id}/trades").get_data(as_text=True)


def test_a_rubric_level_in_use_cannot_be_removed_and_a_skill_with_assessments_is_kept(client, w, db_session):
    occupation = w.occupation
    make_assessment(w.a.participants[0], w.skills[0], 4, date(2026, 11, 3))
    db_session.commit()
    version = occupation.version
    sign_in(client, "admin")
    url = f"/admin/trades/{occupation.id}"
    response = _post(client, url, url, **_trade_form(occupation, **{"level.4.label": "", "level.4.description": "",
                                                                   "name": "Half-written?"}))
    assert response.status_code == 400
    assert "Level 4 is in use by assessments: it cannot be removed." in response.get_data(as_text=True)
    response = _post(client, url, url, **_trade_form(occupation, **{"level.2.label": ""}))
    assert response.status_code == 400 and "Give this level a name" in response.get_data(as_text=True)
    db_session.rollback()
    assert occupation.version == version and occupation.name == "CNC operator" and occupation.max_level == 4
    # a label changes (versioned by the change log), the skill with an assessment is removed: a tombstone
    response = _post(client, url, url, **_trade_form(occupation, **{"level.4.label": "Teaches",
                                                                   "skills.0.remove": "1"}))
    assert response.status_code == 302
    db_session.rollback()
    assert occupation.rubric[4].label == "Teaches" and occupation.version > version
    assert w.skills[0].deleted and db_session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.skill_id == w.skills[0].id, Assessment.deleted.is_(False))) == 1


@pytest.mark.parametrize("fields, field, message", [
    ({"code": "cnc"}, "code", "Another trade has this code."),
    ({"code": "Bad Code"}, "code", "Use small letters, digits, dots, dashes and underscores."),
    ({"levels": "Only one"}, "rubric", "A rubric has 2 to 11 levels."),
    ({"name": ""}, "name", ""),
])
def test_bad_new_trades_are_refused_with_the_field_named_and_nothing_written(client, w, db_session, fields, field,
                                                                          message):
    sign_in(client, "admin")
    count = db_session.scalar(select(func.count()).select_from(Occupation))
    data = {"code": "weld", "name": "Welder", "levels": LEVELS, "skills": SKILLS, **fields}
    response = _post(client, "/admin/trades", "/admin/trades", **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(Occupation)) == count
    assert db_session.scalar(select(func.count()).select_from(Skill)) == len(w.skills)


def test_a_duplicate_skill_code_names_the_row_and_nothing_is_written(client, w, db_session):
    sign_in(client, "admin")
    url = f"/admin/trades/{w.occupation.id}"
    response = _post(client, url, url, **_trade_form(w.occupation, **{"skills.1.code": "s0", "name": "Renamed"}))
    assert response.status_code == 400 and "Another skill of this trade has this code." in response.get_data(
        as_text=True)
    db_session.rollback()
    assert w.occupation.name == "CNC operator" and w.skills[1].code == "s1"


def test_names_per_language_on_the_trade_page_reach_a_trainers_phone(client, w, db_session, api):
    occ, skill = w.occupation, w.skills[0]
    phone = SyncDevice(api("trainer_a"))
    phone.pull_all()
    sign_in(client, "admin")
    url = f"/admin/trades/{occ.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'name="skill.{skill.id}.de"' in page and 'name="rubric.2.bs"' in page and "Translations" in page
    response = _post(client, f"{url}/labels", url, **{
        f"occupation.{occ.id}.de": "  CNC-Bediener ", f"skill.{skill.id}.bs": "Čitanje crteža",
        "rubric.2.de": "Mit Hilfe", "description.2.de": "Arbeitet mit Anleitung", f"skill.{w.skills[1].id}.de": ""})
    assert response.status_code == 302
    pulled = {(c["entity"], c["id"]): c["data"] for c in phone.pull_all()}
    assert pulled[("occupation", occ.id)]["labels"]["de"] == "CNC-Bediener"
    level2 = next(r for r in pulled[("occupation", occ.id)]["rubric"] if r["level"] == 2)
    assert level2["labels"] == {"de": "Mit Hilfe", "description": {"de": "Arbeitet mit Anleitung"}}
    assert pulled[("skill", skill.id)]["labels"] == {"bs": "Čitanje crteža"}
    assert ("skill", w.skills[1].id) not in pulled  # unchanged: not sent again
    db_session.rollback()
    actions = db_session.scalars(select(AuditLog.entity).where(AuditLog.action == "edit_labels")).all()
    assert sorted(actions) == ["occupation", "skill"]
    german = client.get(f"/review/{w.a.programme.id}/cohorts?lang=de").get_data(as_text=True)
    assert "CNC-Bediener" in german


@pytest.mark.parametrize("name, text, message", [
    ("skill.{skill}.de", "x" * 201, "Keep it to 200 characters or fewer."),
    ("rubric.1.de", "x" * 121, "Keep it to 120 characters or fewer."),
    ("skill.{skill}.xx", "Hallo", "This language is not offered: xx."),
    ("skill.not-a-skill.de", "Hallo", "This is not part of the occupation."),
])
def test_bad_names_are_refused_and_nothing_is_saved(client, w, db_session, name, text, message):
    occ, skill = w.occupation, w.skills[0]
    version = skill.version, occ.version
    sign_in(client, "admin")
    url = f"/admin/trades/{occ.id}"
    response = _post(client, f"{url}/labels", url, **{f"occupation.{occ.id}.de": "CNC-Bediener",
                                                      name.format(skill=skill.id): text})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db_session.rollback()
    assert (skill.version, occ.version) == version and occ.labels == {} and skill.labels == {}


def test_the_old_translations_address_leads_to_the_trades(client, w, db_session):
    sign_in(client, "coord_a")
    response = client.get(f"/review/{w.a.programme.id}/translations")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/programmes/{w.a.programme.id}/trades")
    assert "CNC operator" in client.get(response.headers["Location"]).get_data(as_text=True)
    copy = _copy(client, w, db_session)
    url = f"/admin/programmes/{w.a.programme.id}/trades/{copy.id}"
    response = _post(client, f"/review/{w.a.programme.id}/translations/{copy.id}", url,
                     **{f"occupation.{copy.id}.de": "CNC-Bediener"})
    assert response.status_code == 307
    assert response.headers["Location"].endswith(f"{url}/labels")
    assert client.post(response.headers["Location"], data={
        "csrf_token": csrf_from(client.get(url).get_data(as_text=True)),
        f"occupation.{copy.id}.de": "CNC-Bediener"}).status_code == 302
    db_session.rollback()
    assert copy.labels == {"de": "CNC-Bediener"}
