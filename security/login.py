"""Cookie sign-in for coordinator pages (Flask-Login), CSRF on every form.

A cookie names the user and their ``session_epoch``; bumping the epoch
(``end_cookie_sessions``: sign-out, ``users revoke-devices``, a password
change) makes every copy of every cookie of that user stop working at once.

The sign-in rate limits themselves are ``api/sign_in_limits.py``.
"""
from hashlib import sha512

from flask import current_app, g, request, session
from sqlalchemy import select, update

from extensions import csrf, limiter, login_manager

MEMORY_STORE_WARNING = (
    "RATELIMIT_STORAGE_URI is memory://: each worker process counts sign-in attempts on its own, "
    "so the sign-in limits are multiplied by the number of workers. Set "
    "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (README, Deploying)."
)


def end_cookie_sessions(user_id: str) -> None:
    """End every cookie session of this user (the caller commits)."""
    from models import User, db

    db.session.execute(update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1))


def rotate_csrf_secret() -> None:
    """A new CSRF secret for the session that is being signed in (Flask-WTF makes one when next needed)."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)


def session_identifier() -> str:
    """What "strong" session protection binds a cookie to: the client's address and user agent.

    The address is ``request.remote_addr``, which ProxyFix sets from ``X-Forwarded-For``
    only when ``PROXY_HOPS`` says a proxy is there; Flask-Login's own identifier reads
    ``X-Forwarded-For`` whoever sent it.
    """
    base = f"{request.remote_addr}|{request.headers.get('User-Agent')}"
    return sha512(base.encode("utf-8", "replace")).hexdigest()


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "review.login"
    login_manager.session_protection = "strong"
    login_manager._session_identifier_generator = session_identifier
    csrf.init_app(app)
    limiter.init_app(app)
    storage = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if storage.startswith("memory://") and not (app.config.get("TESTING") or app.debug):
        app.logger.warning(MEMORY_STORE_WARNING)

    @login_manager.user_loader
    def load_user(cookie_id: str):
        from models import User, db

        user_id, _, epoch = cookie_id.partition(":")
        user = db.session.scalar(select(User).where(User.id == user_id))
        if user is None or str(user.session_epoch) != epoch or not user.is_active:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, url_for

        return redirect(url_for("review.login", next=request.full_path))
