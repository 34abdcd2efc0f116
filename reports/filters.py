"""The period filter of indicators and exports (query strings of the pages and the API), and the
plain form of marshmallow's error messages they answer with."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from .period import Period


class QuerySchema(Schema):
    """Query-string filters: an empty field (a form's untouched select) means no filter."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def drop_empty(self, data, **_kw):
        return {k: v for k, v in data.items() if v not in ("", None)}


class DateRangeSchema(QuerySchema):

    date_from = fields.Date(data_key="from", load_default=None,
                            error_messages={"invalid": _l("Enter a date as YYYY-MM-DD.")})
    date_to = fields.Date(data_key="to", load_default=None,
                          error_messages={"invalid": _l("Enter a date as YYYY-MM-DD.")})

    @validates_schema
    def from_before_to(self, data, **_kw):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date."), "to")


class IndicatorFilterSchema(DateRangeSchema):
    reference = fields.Date(load_default=None, error_messages={"invalid": _l("Enter a date as YYYY-MM-DD.")})
    stale_days = fields.Integer(load_default=7, validate=validate.Range(min=1, max=365, error=_l(
        "Enter a number of days from 1 to 365.")), error_messages={"invalid": _l("Enter a whole number of days.")})



def error_messages(errors: dict) -> dict:
    """marshmallow errors as {field: [text]}, lazy strings made plain."""
    out = {}
    for name, messages in errors.items():
        if isinstance(messages, dict):
            messages = [m for sub in messages.values() for m in (sub if isinstance(sub, list) else [sub])]
        elif not isinstance(messages, list):
            messages = [messages]
        out[name] = [str(m) for m in messages]
    return out


def period_filter(programme_id: str, args) -> tuple[dict, Period | None, dict]:
    """(filter values, Period, errors) from ?from=&to=&reference=&stale_days= ; errors is {} when it is valid."""
    schema = IndicatorFilterSchema()
    errors = error_messages(schema.validate(args))
    if errors:
        return {}, None, errors
    f = schema.load(args)
    return f, Period(programme_id, f["date_from"], f["date_to"], f["reference"]), {}
