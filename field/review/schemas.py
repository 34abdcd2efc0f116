"""Validation of what coordinators send: filters in query strings and the review/resolve forms."""
import uuid

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from models import WRITABLE_ENTITIES
from reports.filters import DateRangeSchema, QuerySchema
from security.text import Text

REVIEW_STATES = ("unreviewed", "approved", "flagged")


def uuid_string(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(_("This is not a valid identifier.")) from None


class FeedFilterSchema(DateRangeSchema):
    """Filters of the review feed; ids must also belong to the programme (checked by the view)."""

    cohort = Text(load_default=None, validate=uuid_string)
    site = Text(load_default=None, validate=uuid_string)
    participant = Text(load_default=None, validate=uuid_string)
    recorded_by = Text(load_default=None, validate=uuid_string)
    entity = Text(load_default=None, validate=validate.OneOf(sorted(WRITABLE_ENTITIES),
                                                             error=_l("Choose a kind of record from the list.")))
    state = Text(load_default=None, validate=validate.OneOf(REVIEW_STATES,
                                                            error=_l("Choose a review state from the list.")))
    before = fields.Integer(load_default=None, strict=False, validate=validate.Range(min=1),
                            error_messages={"invalid": _l("This is not a valid page.")})


class ListFilterSchema(QuerySchema):
    """Page number and search box of participant and cohort lists."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000, error=_l(
        "This page does not exist.")), error_messages={"invalid": _l("This page does not exist.")})
    q = Text(load_default="", validate=validate.Length(max=100))
    cohort = Text(load_default=None, validate=uuid_string)


class ReviewSchema(Schema):
    """Approve or flag a record; a flag needs a comment saying what to fix."""

    class Meta:
        unknown = EXCLUDE

    status = Text(required=True, validate=validate.OneOf(("approved", "flagged"), error=_l(
        "Choose approve or flag.")), error_messages={"required": _l("Choose approve or flag.")})
    comment = Text(load_default="", validate=validate.Length(max=2000, error=_l(
        "Keep the comment under 2000 characters.")))

    @validates_schema
    def flag_needs_comment(self, data, **_kw):
        if data.get("status") == "flagged" and not data.get("comment", "").strip():
            raise ValidationError(_("Say what should be checked or fixed."), "comment")


class ConflictResolutionSchema(Schema):
    """Keep the server's value, take the other one, or write a new one."""

    class Meta:
        unknown = EXCLUDE

    choice = Text(required=True, validate=validate.OneOf(("kept", "other", "new"), error=_l(
        "Choose which value to keep.")), error_messages={"required": _l("Choose which value to keep.")})
    value = Text(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def new_needs_value(self, data, **_kw):
        if data.get("choice") == "new" and not data.get("value", "").strip():
            raise ValidationError(_("Write the new value."), "value")


class ErasureSchema(Schema):
    """The coordinator confirms that the erasure cannot be undone."""

    class Meta:
        unknown = EXCLUDE

    confirm = Text(required=True, validate=validate.Equal("yes", error=_l(
        "Tick the box to confirm that this cannot be undone.")), error_messages={"required": _l(
            "Tick the box to confirm that this cannot be undone.")})
