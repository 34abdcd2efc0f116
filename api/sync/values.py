"""Field values between the wire (JSON), the database and what a coordinator types.

A conflict keeps both values as they travelled (wire JSON); resolving writes one
of them, or a new typed value, back into the record, so it must be turned into
the column's Python type and checked like a phone's write would be.
"""
import json
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Boolean, Date, Integer, String, Text

from models import (ATTENDANCE_STATUSES, CONTRACTS, GENDERS, GOAL_STATUSES, OUTCOME_KINDS, SESSION_KINDS,
                    TARGET_GROUPS)

#: (entity, field) → the values allowed
CHOICES = {
    ("attendance", "status"): ATTENDANCE_STATUSES,
    ("participant", "gender"): GENDERS,
    ("session", "kind"): SESSION_KINDS,
    ("mentoring_goal", "status"): GOAL_STATUSES,
    ("outcome", "kind"): OUTCOME_KINDS,
    ("outcome", "contract"): CONTRACTS,
}
#: (entity, field) → inclusive numeric range (the tables' CHECK constraints)
RANGES = {
    ("attendance", "minutes"): (0, 1440),
    ("session", "duration_minutes"): (1, 1440),
    ("assessment", "level"): (0, 10),
    ("participant", "birth_year"): (1900, 2100),
}
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def _yes_no(text: str):
    """True/False for yes or no in English or the reader's language (as shown on the page), else None."""
    word = text.strip().casefold()
    if word in _TRUE or word == _("yes").casefold():
        return True
    if word in _FALSE or word == _("no").casefold():
        return False
    return None


class InvalidValue(ValueError):
    """The message is already translated and says what to enter."""


def _column(model, field):
    column = model.__table__.columns.get(field)
    if column is None or field not in model.writable_fields:
        raise InvalidValue(_("This field cannot be changed here."))
    return column


def _check(model, field, value, column):
    if value is None:
        if not column.nullable:
            raise InvalidValue(_("This field cannot be empty."))
        return None
    allowed = CHOICES.get((model.entity, field))
    if allowed and value not in allowed:
        raise InvalidValue(_("Choose one of: %(values)s.", values=", ".join(allowed)))
    low_high = RANGES.get((model.entity, field))
    if low_high and not low_high[0] <= value <= low_high[1]:
        raise InvalidValue(_("Enter a number from %(low)s to %(high)s.", low=low_high[0], high=low_high[1]))
    length = getattr(column.type, "length", None)
    if isinstance(value, str) and length and len(value) > length:
        raise InvalidValue(_("Keep it under %(n)s characters.", n=length))
    if field == "target_groups" and any(v not in TARGET_GROUPS for v in value):
        raise InvalidValue(_("Choose target groups from: %(values)s.", values=", ".join(TARGET_GROUPS)))
    return value


def from_wire(model, field: str, value):
    """A wire value (as kept in a Conflict) as the column's Python value, checked."""
    column = _column(model, field)
    kind = column.type
    try:
        if value is not None and isinstance(kind, Date):
            value = date.fromisoformat(str(value))
        elif value is not None and isinstance(kind, Boolean):
            value = bool(value)
        elif value is not None and isinstance(kind, Integer):
            value = int(value)
    except (TypeError, ValueError):
        raise InvalidValue(_("This value does not fit the field.")) from None
    return _check(model, field, value, column)


def from_input(model, field: str, text: str):
    """What a coordinator typed, as the column's Python value, checked."""
    column = _column(model, field)
    kind, text = column.type, text.strip()
    if text == "":
        return _check(model, field, None, column)
    if isinstance(kind, Date):
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise InvalidValue(_("Enter a date as YYYY-MM-DD.")) from None
    elif isinstance(kind, Boolean):
        value = _yes_no(text)
        if value is None:
            raise InvalidValue(_("Choose %(yes)s or %(no)s.", yes=_("yes"), no=_("no")))
    elif isinstance(kind, Integer):
        try:
            value = int(text)
        except ValueError:
            raise InvalidValue(_("Enter a whole number.")) from None
    elif isinstance(kind, (String, Text)):
        value = text
    elif field == "target_groups":
        value = [v.strip() for v in text.replace(";", ",").split(",") if v.strip()]
    else:
        try:
            value = json.loads(text)
        except ValueError:
            raise InvalidValue(_("Enter the value as JSON.")) from None
    return _check(model, field, value, column)


def to_wire(value):
    """A Python value as it travels (dates ISO)."""
    return value.isoformat() if isinstance(value, date) else value
