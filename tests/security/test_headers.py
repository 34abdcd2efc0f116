def test_strict_security_headers_on_pages_and_api(world, client):
    for path in ("/login", "/api/v1/me"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in response.headers  # plain http on loopback


def test_hsts_on_https(world, client):
    response = client.get("/login", base_url="https://fieldmentor.example")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_api_responses_are_not_cached(world, api):
    assert api("coord_a").get("/me").headers["Cache-Control"] == "no-store"


def test_coordinator_pages_are_not_stored(world, client):
    from tests.security.test_cookie_login import sign_in

    assert client.get("/login").headers.get("Cache-Control") == "no-store"
    sign_in(client)
    programme = world.a.programme.id
    for path in ("/review", "/review/devices", f"/review/{programme}/participants", f"/review/{programme}/feed",
                 f"/review/{programme}/conflicts", "/login"):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert response.headers.get("Cache-Control") == "no-store", path
