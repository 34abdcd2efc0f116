"""Security headers: strict CSP with no inline script, HSTS on https, nosniff, no framing;
no caching of the API, the coordinator pages or sign-in (personal data, CSRF tokens)."""
from extensions import talisman

#: answered with ``Cache-Control: no-store`` (a path equal to one of these or under it)
NO_STORE_PATHS = ("/api", "/review", "/admin", "/login", "/logout", "/language", "/welcome")


def _no_store(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in NO_STORE_PATHS)

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app):
    talisman.init_app(
        app,
        force_https=False,  # TLS ends at the proxy; HSTS is still sent on https requests
        strict_transport_security=True,
        strict_transport_security_max_age=31536000,
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="same-origin",
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
    )

    @app.after_request
    def no_store_for_api_and_coordinator_pages(response):
        from flask import request

        if _no_store(request.path):
            response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
