"""Bearer-token authentication for /api/v1 and the caller's scope."""
from functools import wraps

from flask import g, request

from security.scope import scope_for
from security.tokens import find_token

from .errors import api_abort


def current_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return find_token(token.strip())


def token_required(view):
    """Let the view run only with a live device token; sets g.user, g.device, g.scope."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        record = current_token()
        if record is None:
            api_abort(401)
        g.user = record.user
        g.device = record
        g.scope = scope_for(record.user)
        return view(*args, **kwargs)

    return wrapper
