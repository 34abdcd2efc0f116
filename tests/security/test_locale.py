from sqlalchemy import select

from models import User
from tests.security.test_cookie_login import sign_in


def _csrf(page):
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_get_with_lang_answers_in_it_and_saves_nothing(world, client, db_session):
    sign_in(client)
    response = client.get("/review?lang=tr")
    assert '<html lang="tr"' in response.get_data(as_text=True)
    assert db_session.scalar(select(User.locale).where(User.username == "coord_a")) == "en"
    assert '<html lang="en"' in client.get("/review").get_data(as_text=True)


def test_picking_a_language_saves_it_to_the_profile(world, client, db_session):
    sign_in(client)
    page = client.get("/review").get_data(as_text=True)
    assert 'action="/language"' in page and 'name="back" value="/review"' in page
    response = client.post("/language", data={"lang": "tr", "back": "/review", "csrf_token": _csrf(page)})
    assert response.status_code == 302 and response.headers["Location"] == "/review"
    assert db_session.scalar(select(User.locale).where(User.username == "coord_a")) == "tr"
    assert '<html lang="tr"' in client.get("/review").get_data(as_text=True)


def test_picking_a_language_needs_a_csrf_token_and_a_known_language(world, client, db_session):
    sign_in(client)
    page = client.get("/review").get_data(as_text=True)
    assert client.post("/language", data={"lang": "tr", "back": "/review"}).status_code == 400
    unknown = client.post("/language", data={"lang": "xx", "back": "/review", "csrf_token": _csrf(page)})
    assert unknown.status_code == 400
    back = client.post("/language", data={"lang": "de", "back": "https://evil.example/", "csrf_token": _csrf(page)})
    assert back.headers["Location"] == "/review"
    assert db_session.scalar(select(User.locale).where(User.username == "coord_a")) == "de"


def test_picking_a_language_before_sign_in_keeps_it_in_the_cookie(world, client):
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/language", data={"lang": "ar", "back": "/login", "csrf_token": _csrf(page)})
    assert response.headers["Location"] == "/login"
    assert '<html lang="ar" dir="rtl"' in client.get("/login").get_data(as_text=True)


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
