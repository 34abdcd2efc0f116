"""The sign-in rate limits, worn by every view that checks a password (``/login``, ``POST /api/v1/auth/token``).

One shared bucket per address and username, and one cap per address across
usernames (password spraying), counted in ``RATELIMIT_STORAGE_URI`` (Redis when
there is more than one worker process).
"""
from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from extensions import limiter
from models import username_key

from .request_body import peek_json


def _username_tried() -> str:
    """The username of a sign-in attempt, from a form or a JSON body (gzip-encoded too)."""
    if "sign_in_username" not in g:
        if request.mimetype == "application/json":
            body = peek_json()
            username = body.get("username") if isinstance(body, dict) else None
        else:
            username = request.form.get("username")
        g.sign_in_username = username_key(str(username or "")[:80])
    return g.sign_in_username


def login_rate_key() -> str:
    """Sign-in attempts are counted per client address and username tried (as sign-in compares it)."""
    return f"{get_remote_address()}|{_username_tried()}"


def sign_in_limits(view):
    """The sign-in rate limits, shared by every view that checks a password."""
    per_user = limiter.shared_limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], scope="sign-in",
                                    key_func=login_rate_key, methods=["POST"])
    per_address = limiter.shared_limit(lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"],
                                       scope="sign-in-address", key_func=get_remote_address, methods=["POST"])
    return per_address(per_user(view))
