"""The web front end: the PWA shell (this blueprint), the coordinator pages (``field.review``) and the
set-up pages (``field.admin``)."""
from flask import Blueprint

bp = Blueprint("field", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")


def init_app(app):
    from . import admin, context, review, shell, welcome  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
    context.init_app(app)
    review.init_app(app)
    admin.init_app(app)
    welcome.init_app(app)
