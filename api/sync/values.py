"""What a coordinator types into a field, as the value a phone would send for it.

A conflict keeps both values as they travelled (wire JSON). Resolving writes one
of them, or a new typed value, back as a change on the one write path (schema,
cross-record rules, scope, merge), so here the typed text is only parsed into
its wire form: every check of the value is the entity schema's.
"""
import json

from flask_babel import gettext as _
from sqlalchemy import Boolean, Date, Integer, String, Text

_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


class InvalidValue(ValueError):
    """The message is already translated and says what to enter."""


def _yes_no(text: str):
    """True/False for yes or no in English or the reader's language (as shown on the page), else None."""
    word = text.strip().casefold()
    if word in _TRUE or word == _("yes").casefold():
        return True
    if word in _FALSE or word == _("no").casefold():
        return False
    return None


def writable_column(model, field: str):
    """The column of a field a change may write (not an id, a server-set or an unknown field)."""
    column = model.__table__.columns.get(field)
    if column is None or field not in model.writable_fields:
        raise InvalidValue(_("This field cannot be changed here."))
    return column


def typed_to_wire(model, field: str, text: str):
    """What a coordinator typed, as the JSON value of the field (None for an empty box)."""
    kind, text = writable_column(model, field).type, text.strip()
    if text == "":
        return None
    if isinstance(kind, Boolean):
        value = _yes_no(text)
        if value is None:
            raise InvalidValue(_("Choose %(yes)s or %(no)s.", yes=_("yes"), no=_("no")))
        return value
    if isinstance(kind, Integer):
        try:
            return int(text)
        except ValueError:
            raise InvalidValue(_("Enter a whole number.")) from None
    if isinstance(kind, (String, Text, Date)):
        return text
    if field == "target_groups":
        return [v.strip() for v in text.replace(";", ",").split(",") if v.strip()]
    try:
        return json.loads(text)
    except ValueError:
        raise InvalidValue(_("Enter the value as JSON.")) from None
