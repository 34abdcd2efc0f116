"""The JSON API under /api/v1: auth, sync, reads, exports, push."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app):
    from extensions import csrf

    from . import auth, exports, openapi, openapi_paths, push, reads, sync_view  # noqa: F401  (routes register on import)
    from . import errors

    csrf.exempt(bp)  # bearer tokens, not cookies: CSRF cannot ride on them
    errors.init_app(app)

    app.register_blueprint(bp)
