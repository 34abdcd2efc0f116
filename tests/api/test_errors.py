"""Every /api/ error is the uniform JSON body; HTML pages get HTML errors."""
import pytest


@pytest.mark.parametrize("method, path, code", [
    ("get", "/api/v1/no-such-thing/123", 404),
    ("get", "/api/nope", 404),
    ("put", "/api/v1/auth/token", 405),
    ("get", "/api/v1/auth/token", 405),
])
def test_api_errors_are_json(world, client, method, path, code):
    response = getattr(client, method)(path)
    assert response.status_code == code
    body = response.get_json()
    assert body["code"] == code and body["status"] and body["message"]


def test_405_lists_allowed_methods(world, client):
    response = client.put("/api/v1/auth/token")
    assert "POST" in response.headers["Allow"]


def test_html_pages_get_html_errors(world, client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_unexpected_error_is_json_500_and_rolls_back(app_factory, world):
    app = app_factory()

    @app.get("/api/v1/_boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/api/v1/_boom")
    assert response.status_code == 500
    assert response.get_json()["status"] == "Internal Server Error"
