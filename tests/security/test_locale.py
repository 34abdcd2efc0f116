from sqlalchemy import select

from models import User
from tests.security.test_cookie_login import sign_in


def test_picking_a_language_saves_it_to_the_profile(world, client, db_session):
    sign_in(client)
    response = client.get("/review?lang=tr")
    assert '<html lang="tr"' in response.get_data(as_text=True)
    assert db_session.scalar(select(User.locale).where(User.username == "coord_a")) == "tr"
    assert '<html lang="tr"' in client.get("/review").get_data(as_text=True)


def test_accept_language_and_cookie(world, client):
    page = client.get("/login", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="sv"' in page
    client.get("/login?lang=ar")
    page = client.get("/login", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page


def test_every_language_is_offered_in_its_own_name(world, client):
    page = client.get("/login").get_data(as_text=True)
    for name in ("Bosanski", "Türkçe", "Magyar", "Svenska", "Deutsch", "العربية", "Suomi", "Norsk bokmål"):
        assert name in page
