"""Coordinators translate occupation, skill and rubric-level names; trainers' phones pull them."""
from types import SimpleNamespace

from sqlalchemy import select

from field.labels import description_for, label_for
from models import Occupation, Skill
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401


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


def test_trainer_gets_403_and_the_page_now_leads_to_the_trades(client, w, db_session):
    """The page moved to each trade's set-up page (tests/field/test_admin_trades.py); its address stays."""
    sign_in(client, "trainer_a")
    assert client.get(f"/review/{w.a.programme.id}/translations").status_code == 403
    assert client.post(f"/review/{w.a.programme.id}/translations/{w.occupation.id}").status_code in (400, 403)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/devices").get_data(as_text=True))})
    sign_in(client, "coord_a")
    response = client.get(f"/review/{w.a.programme.id}/translations")
    assert response.status_code == 302 and response.headers["Location"].endswith("/trades")


def test_saving_needs_the_csrf_token(client, w, db_session):
    sign_in(client, "admin")
    response = client.post(f"/admin/trades/{w.occupation.id}/labels", data={f"occupation.{w.occupation.id}.de": "X"})
    assert response.status_code == 400
    db_session.rollback()
    assert db_session.scalar(select(Occupation.labels).where(Occupation.id == w.occupation.id)) == {}
    assert db_session.scalar(select(Skill.labels).where(Skill.id == w.skills[0].id)) == {}
