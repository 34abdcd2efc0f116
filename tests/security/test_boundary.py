"""Text no column can hold, in a query, form or path parameter, is a 400 naming the parameter, never a 500.

On PostgreSQL a NUL in a query parameter is an error of the database itself, so
these run on both engines; the rule is the same as for the API's JSON fields
(api/schemas/text.py).
"""
from urllib.parse import quote

import pytest

from tests.conftest import PASSWORD
from tests.review_fixtures import csrf_from, make_attendance, sign_in, w  # noqa: F401

BAD = ["\x00", "\x0b", "\x1b", "\ufffe"]


@pytest.fixture
def coord(client, w):
    return sign_in(client, "coord_a")


@pytest.mark.parametrize("bad", BAD, ids=[f"U+{ord(c):04X}" for c in BAD])
def test_participant_search_with_a_bad_character_is_a_400_page_naming_q(coord, w, bad):
    response = coord.get(f"/review/{w.a.programme.id}/participants?q={quote('Emi' + bad)}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "“q”" in response.get_data(as_text=True)


def test_a_search_is_one_line(coord, w):
    response = coord.get(f"/review/{w.a.programme.id}/participants?q={quote('Em' + chr(10) + 'ina')}")
    assert response.status_code in (200, 400)
    assert "“q” must be one line" in response.get_data(as_text=True)


@pytest.mark.parametrize("bad", BAD, ids=[f"U+{ord(c):04X}" for c in BAD])
def test_review_comment_with_a_bad_character_is_refused(coord, w, db_session, bad):
    record = make_attendance(w.a.session, w.a.participants[0])
    db_session.commit()
    path = f"/review/{w.a.programme.id}/records/attendance/{record.id}"
    token = csrf_from(coord.get(path).get_data(as_text=True))
    response = coord.post(path + "/review", data={"status": "flagged", "comment": f"Check{bad} this",
                                                  "csrf_token": token})
    assert response.status_code == 400 and "“comment”" in response.get_data(as_text=True)


def test_review_comment_may_hold_line_breaks(coord, w, db_session):
    record = make_attendance(w.a.session, w.a.participants[0])
    db_session.commit()
    path = f"/review/{w.a.programme.id}/records/attendance/{record.id}"
    token = csrf_from(coord.get(path).get_data(as_text=True))
    response = coord.post(path + "/review", data={"status": "flagged", "comment": "Check\r\nthis\tplease",
                                                  "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.parametrize("username", ["coord_a\x00", "coord\x1b_a", "coord_a\n"])
def test_sign_in_username_with_a_bad_character_is_refused_not_a_500(client, w, username):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (400, 401)
    assert "“username”" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/participant/{}%00", "/api/v1/participant/{}?x=%00"])
def test_api_path_and_query_with_nul_are_a_json_400(world, api, path):
    client = api("coord_a")
    response = client.client.get(path.format(world.a.participants[0].id), headers=client.headers())
    assert response.status_code == 400 and response.get_json()["code"] == 400


def test_page_path_with_nul_is_a_400_page(coord, w):
    response = coord.get(f"/review/{w.a.programme.id}/participants/{w.a.participants[0].id}%00")
    assert response.status_code in (400, 404) and response.mimetype == "text/html"


@pytest.mark.parametrize("target", ["/review%0d%0aSet-Cookie:%20x=1", "/review%0aX", "/%5Cevil.example",
                                    "/review%09x"])
def test_login_next_with_control_characters_or_backslash_goes_home(client, w, target):
    page = client.get(f"/login?next={target}")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(f"/login?next={target}",
                           data={"username": "coord_a", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/review"
    again = client.get(f"/login?next={target}")  # already signed in
    assert again.status_code == 302 and again.headers["Location"] == "/review"
