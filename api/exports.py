"""Exports over the API: GET /api/v1/exports and /api/v1/exports/<programme_id>/<dataset>.<fmt>.

Coordinators and admins of the programme only; a programme the caller is not a
member of is 404, one where they are only trainer or mentor is 403.
"""
from flask import g, jsonify, request
from flask_babel import gettext as _

from models import Programme, db
from reports import exports
from reports.datasets import PERSONAL_DATASETS
from reports.downloads import send_export
from reports.filters import period_filter

from . import bp
from .auth_guard import token_required
from .errors import api_abort


@bp.get("/exports")
@token_required
def export_list():
    return jsonify(formats=list(exports.FORMATS), datasets=[
        {"name": name, "personal": name in PERSONAL_DATASETS,
         "kind": "indicators" if name.startswith("indicators") else "records"} for name in exports.DATASETS
    ], programme_ids=sorted(g.scope.programme_ids))


@bp.get("/exports/<programme_id>/<dataset>.<fmt>")
@token_required
def export_download(programme_id, dataset, fmt):
    if programme_id not in g.scope.member_programme_ids:
        api_abort(404, _("No programme with this id among yours."))
    if programme_id not in g.scope.programme_ids:
        api_abort(403, _("Only the programme's coordinators can export its data."))
    programme = db.session.get(Programme, programme_id)
    if programme is None or programme.deleted:
        api_abort(404, _("No programme with this id among yours."))
    if fmt not in exports.FORMATS or dataset not in exports.DATASETS:
        api_abort(404, _("No such export. Ask GET /api/v1/exports for the list."))
    _f, period, errors = period_filter(programme.id, request.args)
    if errors:
        api_abort(400, _("The period is not valid."), errors)
    return send_export(programme, dataset, fmt, period, g.user, via="api")
