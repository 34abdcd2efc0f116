"""The set-up pages: signed-in users only; a programme's pages for its coordinators and the organisation's admins."""
from tests.review_fixtures import sign_in, w  # noqa: F401


def test_set_up_home_needs_a_sign_in(client):
    response = client.get("/admin")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_set_up_home_lists_what_the_user_coordinates(client, w):
    sign_in(client, "coord_a")
    page = client.get("/admin")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Programme A" in text and "Programme B" not in text
    assert page.headers["Cache-Control"] == "no-store"


def test_trainers_and_mentors_are_refused(client, w):
    for username in ("trainer_a", "mentor_a"):
        with client.session_transaction() as session:
            session.clear()
        sign_in(client, username)
        assert client.get("/admin").status_code == 403
