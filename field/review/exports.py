"""The exports page and its cookie-authenticated downloads (CSV, XLSX); every download is audited."""
from flask import abort, render_template, request
from flask_login import current_user

from reports import exports
from reports.datasets import ENTITY_DATASETS, PERSONAL_DATASETS
from reports.downloads import send_export
from reports.filters import period_filter
from reports.tables import INDICATOR_TABLES

from . import bp


def _render(programme, errors):
    args = {k: v for k, v in request.args.items() if k in ("from", "to", "reference") and v}
    return render_template("review/exports.html", programme=programme, entities=list(ENTITY_DATASETS),
                           tables=INDICATOR_TABLES, personal=PERSONAL_DATASETS, errors=errors,
                           args={} if errors else args), (400 if errors else 200)


@bp.get("/review/<programme_id>/exports")
def review_exports(programme):
    _f, _period, errors = period_filter(programme.id, request.args)
    return _render(programme, errors)


@bp.get("/review/<programme_id>/exports/<dataset>.<fmt>")
def review_download(programme, dataset, fmt):
    _f, period, errors = period_filter(programme.id, request.args)
    if errors:
        return _render(programme, errors)
    try:
        return send_export(programme, dataset, fmt, period, current_user, via="page")
    except exports.UnknownExport:
        abort(404)
