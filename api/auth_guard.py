"""Bearer-token authentication for /api/v1 and the caller's scope."""
from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from security.scope import scope_for
from security.tokens import DEACTIVATED, REVOKED, find_token, refusal_reason

from .errors import api_abort


def _bearer() -> str | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_token():
    token = _bearer()
    return find_token(token) if token else None


def refuse():
    """401 whose body says why (``reason``: revoked, deactivated, expired, unknown; docs/sync.md)."""
    reason = refusal_reason(_bearer())
    messages = {
        REVOKED: _("A coordinator signed this device out."),
        DEACTIVATED: _("A coordinator deactivated this account."),
    }
    api_abort(401, messages.get(reason), reason=reason)


def token_required(view):
    """Let the view run only with a live device token; sets g.user, g.device, g.scope."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        record = current_token()
        if record is None:
            refuse()
        g.user = record.user
        g.device = record
        g.scope = scope_for(record.user)
        return view(*args, **kwargs)

    return wrapper
