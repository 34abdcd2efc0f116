"""The coordinator pages under /review/<programme_id>/…: imported once so their routes register."""
from datetime import datetime, timezone

from flask_babel import format_datetime

from . import (review_cohorts, review_conflicts, review_exports, review_feed, review_indicators,  # noqa: F401
               review_people, review_translations)
from .labels import page_label
from .review_labels import FILTERS
from .review_values import display


def hlc_time(hlc) -> str:
    """The device time written in an HLC, formatted for the reader."""
    try:
        moment = datetime.strptime(str(hlc).split("_", 1)[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return "—"
    return format_datetime(moment, "short")


def init_app(app):
    app.jinja_env.filters["review_value"] = display
    app.jinja_env.filters["hlc_time"] = hlc_time
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["page_label"] = page_label
