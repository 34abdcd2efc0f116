"""How values, clocks and codes read on the coordinator pages (Jinja filters)."""
import json

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import Boolean

from api.sync.hlc import time_of
from models import SYNCED_MODELS

from ..labels import page_label
from .choice_labels import FILTERS


def is_boolean(entity: str, field: str) -> bool:
    """Whether the field holds yes/no (the conflict page offers a choice instead of free text)."""
    model = SYNCED_MODELS.get(entity)
    column = model.__table__.columns.get(field) if model is not None else None
    return column is not None and isinstance(column.type, Boolean)


def display(value) -> str:
    """A stored or wire value as short text for a page."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def hlc_time(hlc) -> str:
    """The device time written in an HLC, formatted for the reader."""
    moment = time_of(hlc)
    return format_datetime(moment, "short") if moment else "—"


def init_app(app):
    app.jinja_env.filters["review_value"] = display
    app.jinja_env.filters["hlc_time"] = hlc_time
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["page_label"] = page_label
