"""Coordinators translate occupation, skill and rubric-level names; trainers' phones pull them."""
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from field.labels import description_for, label_for
from models import AuditLog, Cohort, Occupation, Skill
from tests.factories import add
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401
from tests.sync.conftest import SyncDevice


def _page(client, w):
    return client.get(f"/review/{w.a.programme.id}/translations")


def _save(client, w, occupation_id, with_csrf=True, **data):
    page = _page(client, w).get_data(as_text=True)
    if with_csrf:
        data["csrf_token"] = csrf_from(page)
    return client.post(f"/review/{w.a.programme.id}/translations/{occupation_id}", data=data)


def test_edit_reaches_a_trainers_phone_on_its_next_pull(client, w, db_session, api):
    occ, skill = w.occupation, w.skills[0]
    phone = SyncDevice(api("trainer_a"))
    phone.pull_all()
    sign_in(client, "coord_a")
    page = _page(client, w).get_data(as_text=True)
    assert f'name="skill.{skill.id}.de"' in page and 'name="rubric.2.bs"' in page and "Translations" in page
    response = _save(client, w, occ.id, **{f"occupation.{occ.id}.de": "  CNC-Bediener ", f"skill.{skill.id}.bs":
                                           "Čitanje crteža", "rubric.2.de": "Mit Hilfe", "description.2.de":
                                           "Arbeitet mit Anleitung", f"skill.{w.skills[1].id}.de": ""})
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
    # the review pages now show the German name to a German reader
    german = client.get(f"/review/{w.a.programme.id}/cohorts?lang=de").get_data(as_text=True)
    assert "CNC-Bediener" in german


def test_fallback_order_locale_then_programme_language_then_name():
    skill = SimpleNamespace(name="Read a drawing", labels={"bs": "Čitanje crteža", "de": "Zeichnung lesen"})
    assert label_for(skill, "de", "bs") == "Zeichnung lesen"
    assert label_for(skill, "tr", "bs") == "Čitanje crteža"
    assert label_for(skill, "bs_Latn", None) == "Čitanje crteža"
    assert label_for(skill, "tr", "sv") == "Read a drawing"
    level = SimpleNamespace(label="With help", description="Needs guidance",
                            labels={"sv": "Med hjälp", "description": {"bs": "Uz pomoć"}})
    assert label_for(level, "sv", "bs") == "Med hjälp"
    assert label_for(level, "de", "bs") == "With help"
    assert description_for(level, "de", "bs") == "Uz pomoć"
    assert description_for(level, "de", "tr") == "Needs guidance"


def test_trainer_gets_403_and_other_programmes_occupation_is_not_found(client, w, db_session):
    sign_in(client, "trainer_a")
    assert _page(client, w).status_code == 403
    assert client.post(f"/review/{w.a.programme.id}/translations/{w.occupation.id}").status_code in (400, 403)
    other = add(Occupation(organisation_id=w.org.id, code="weld", name="Welder"))
    add(Cohort(programme_id=w.b.programme.id, occupation_id=other.id, code="b9", name="Welders"))
    db_session.commit()
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/devices").get_data(as_text=True))})
    sign_in(client, "coord_a")
    assert "Welder" not in _page(client, w).get_data(as_text=True)
    response = _save(client, w, other.id, **{f"occupation.{other.id}.de": "Schweißer"})
    assert response.status_code == 404
    db_session.rollback()
    assert other.labels == {}


@pytest.mark.parametrize("name, text, message", [
    ("skill.{skill}.de", "x" * 201, "Keep it to 200 characters or fewer."),
    ("rubric.1.de", "x" * 121, "Keep it to 120 characters or fewer."),
    ("skill.{skill}.xx", "Hallo", "This language is not offered: xx."),
    ("skill.not-a-skill.de", "Hallo", "This is not part of the occupation."),
])
def test_bad_input_is_refused_and_nothing_is_saved(client, w, db_session, name, text, message):
    occ, skill = w.occupation, w.skills[0]
    version = skill.version, occ.version
    sign_in(client, "coord_a")
    response = _save(client, w, occ.id, **{f"occupation.{occ.id}.de": "CNC-Bediener",
                                           name.format(skill=skill.id): text})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db_session.rollback()
    assert (skill.version, occ.version) == version and occ.labels == {} and skill.labels == {}


def test_saving_needs_the_csrf_token(client, w, db_session):
    sign_in(client, "coord_a")
    response = _save(client, w, w.occupation.id, with_csrf=False, **{f"occupation.{w.occupation.id}.de": "X"})
    assert response.status_code == 400
    db_session.rollback()
    assert db_session.scalar(select(Occupation.labels).where(Occupation.id == w.occupation.id)) == {}
    assert db_session.scalar(select(Skill.labels).where(Skill.id == w.skills[0].id)) == {}
