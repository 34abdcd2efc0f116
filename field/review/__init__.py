"""The coordinator pages: /login, /review (home, devices) and /review/<programme_id>/….

One blueprint. Access is decided once, in ``access.py``: every page but the
sign-in needs a signed-in user, and a page under ``/review/<programme_id>/``
gets the Programme the user coordinates as its ``programme`` argument.
"""
from flask import Blueprint

from .access import check_access

bp = Blueprint("review", __name__, template_folder="templates")
bp.before_request(check_access)


def init_app(app):
    from . import (cohorts, conflicts, devices, exports, feed, formatting, home, indicators,  # noqa: F401
                   person_data,
                   participants, records, signin, translations)

    formatting.init_app(app)
    app.register_blueprint(bp)
