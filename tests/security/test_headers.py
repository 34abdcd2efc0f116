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
