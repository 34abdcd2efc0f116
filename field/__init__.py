"""The web front end: the PWA shell (this blueprint) and the coordinator pages (``field.review``)."""
from flask import Blueprint

bp = Blueprint("field", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")


def init_app(app):
    from . import context, review, shell  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
    context.init_app(app)
    review.init_app(app)
