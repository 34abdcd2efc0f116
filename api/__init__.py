"""The JSON API under /api/v1: auth, sync, reads, exports, push."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app):
    from extensions import csrf

    from . import auth, openapi, openapi_paths, reads, sync_view  # noqa: F401  (routes register on import)
    from . import push  # noqa: F401
    from . import errors

    csrf.exempt(bp)  # bearer tokens, not cookies: CSRF cannot ride on them
    errors.init_app(app)
    app.register_blueprint(bp)
