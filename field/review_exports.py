"""The exports page and its cookie-authenticated downloads (CSV, XLSX); every download is audited."""
from flask import abort, render_template, request
from flask_login import current_user

from reports import exports
from reports.datasets import ENTITY_DATASETS, PERSONAL_DATASETS
from reports.period import Period
from reports.tables import INDICATOR_TABLES

from . import bp
from .review_access import programme_page
from .review_downloads import send_export
from .review_schemas import IndicatorFilterSchema, error_messages


def period_from_args(programme):
    """(Period, errors) from ?from=&to=&reference= ."""
    schema = IndicatorFilterSchema()
    errors = error_messages(schema.validate(request.args))
    if errors:
        return None, errors
    f = schema.load(request.args)
    return Period(programme.id, f["date_from"], f["date_to"], f["reference"]), {}


def _render(programme, errors):
    args = {k: v for k, v in request.args.items() if k in ("from", "to", "reference") and v}
    return render_template("review/exports.html", programme=programme, entities=list(ENTITY_DATASETS),
                           tables=INDICATOR_TABLES, personal=PERSONAL_DATASETS, errors=errors,
                           args={} if errors else args), (400 if errors else 200)


@bp.get("/review/<programme_id>/exports")
@programme_page
def review_exports(programme):
    _period, errors = period_from_args(programme)
    return _render(programme, errors)


@bp.get("/review/<programme_id>/exports/<dataset>.<fmt>")
@programme_page
def review_download(programme, dataset, fmt):
    period, errors = period_from_args(programme)
    if errors:
        return _render(programme, errors)
    try:
        return send_export(programme, dataset, fmt, period, current_user, via="page")
    except exports.UnknownExport:
        abort(404)
