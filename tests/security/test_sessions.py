"""A cookie session ends for good: sign-out, `users revoke-devices` and a password change end every copy of it."""
import re

from tests.conftest import PASSWORD
from tests.security.test_cookie_login import sign_in


def copy_of_cookie(app, client):
    """A second browser holding a copy of ``client``'s session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_stops_working_after_sign_out(app, world, client):
    sign_in(client)
    thief = copy_of_cookie(app, client)
    assert thief.get("/review").status_code == 200
    page = client.get("/review").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert thief.get("/review").status_code == 302


def test_revoke_devices_ends_cookie_sessions_too(app, world, client, runner):
    sign_in(client)
    assert client.get("/review").status_code == 200
    result = runner.invoke(args=["users", "revoke-devices", "coord_a"])
    assert result.exit_code == 0, result.output
    assert client.get("/review").status_code == 302


def test_a_password_change_ends_cookie_sessions(app, world, client, runner):
    sign_in(client)
    assert client.get("/review").status_code == 200
    result = runner.invoke(args=["users", "create", "coord_a", "--password", "a-new-password-1",
                                 "--role", "coordinator", "--programme", "prog-a"])
    assert result.exit_code == 0, result.output
    assert client.get("/review").status_code == 302
    assert sign_in(client, password="a-new-password-1").status_code == 302
    assert client.get("/review").status_code == 200


def test_other_users_sessions_survive(app, world, client, runner):
    sign_in(client)
    result = runner.invoke(args=["users", "revoke-devices", "coord_b"])
    assert result.exit_code == 0, result.output
    assert client.get("/review").status_code == 200


def test_session_protection_ignores_x_forwarded_for_without_a_proxy(app, world):
    victim = app.test_client()
    victim.environ_base["REMOTE_ADDR"] = "10.0.0.5"
    assert sign_in(victim).status_code == 302
    thief = copy_of_cookie(app, victim)
    thief.environ_base["REMOTE_ADDR"] = "10.0.0.66"
    response = thief.get("/review", headers={"X-Forwarded-For": "10.0.0.5"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert victim.get("/review").status_code == 200


def test_session_protection_follows_the_proxy_address_with_proxy_hops(app_factory, world):
    app = app_factory(PROXY_HOPS=1)
    browser = app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.7"}
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      browser.get("/login", headers=headers).get_data(as_text=True)).group(1)
    response = browser.post("/login", data={"username": "coord_a", "password": PASSWORD, "csrf_token": token},
                            headers=headers)
    assert response.status_code == 302
    assert browser.get("/review", headers=headers).status_code == 200
    assert browser.get("/review", headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 302


def test_the_csrf_secret_is_new_after_sign_in(world, client):
    from tests.security.test_cookie_login import csrf_token

    before = csrf_token(client)
    response = client.post("/login", data={"username": "coord_a", "password": PASSWORD, "csrf_token": before})
    assert response.status_code == 302
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert client.get("/review").status_code == 200
    after = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/review").get_data(as_text=True)).group(1)
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302
