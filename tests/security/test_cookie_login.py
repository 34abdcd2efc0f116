"""Cookie sign-in for coordinator pages, with CSRF and a rate limit."""
import re

from tests.conftest import PASSWORD


def csrf_token(client, path="/login"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(client, username="coord_a", password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_token(client)})


def test_review_pages_need_sign_in(world, client):
    response = client.get("/review")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_sign_in_and_out(world, client):
    response = sign_in(client)
    assert response.status_code == 302
    page = client.get("/review").get_data(as_text=True)
    assert "Programme A" in page and "Programme B" not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/review").status_code == 302


def test_post_without_csrf_token_is_refused(world, client):
    response = client.post("/login", data={"username": "coord_a", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/review").status_code == 302


def test_logout_without_csrf_is_refused(world, client):
    sign_in(client)
    assert client.post("/logout").status_code == 400
    assert client.get("/review").status_code == 200


def test_wrong_password_is_401_with_message(world, client):
    response = sign_in(client, password="wrong")
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)


def test_open_redirect_is_not_followed(world, client):
    token = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data={
        "username": "coord_a", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/review"


def test_cookie_sign_in_is_rate_limited(world, client):
    token = csrf_token(client)
    codes = [client.post("/login", data={"username": "coord_a", "password": "x", "csrf_token": token}).status_code
             for _ in range(11)]
    assert codes[-1] == 429


def test_session_cookie_flags(world, client):
    response = sign_in(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
