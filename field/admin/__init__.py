"""Setting a programme up in the browser, under /admin: programmes, sites, trades, cohorts, staff.

One blueprint. Access is decided once, in ``access.py``: pages under
``/admin/programmes/<programme_id>/`` are for the programme's coordinators (and
the organisation's admins) and get the Programme as their ``programme``
argument; the organisation's own pages (its programmes, its shared trades) are
for its admins. Every write goes through the sync domain's one write path
(``api/sync/server_write.py``), so phones receive it by their next pull.
"""
from flask import Blueprint

from .access import check_access

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")
bp.before_request(check_access)


def init_app(app):
    # routes register on import; the order of the imports is the order of the set-up sections
    from . import programmes, staff, sites, trades, cohorts, roster_import, home  # noqa: F401
    from .nav import PROGRAMME_SECTIONS

    app.register_blueprint(bp)
    app.context_processor(lambda: {"admin_programme_sections": PROGRAMME_SECTIONS})
