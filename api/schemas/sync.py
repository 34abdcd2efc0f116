"""The envelope of POST /api/v1/sync (SYNC.md): request, each change, the answer."""
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

from api.sync import hlc as hlc_clock
from security.text import Text

from .entities import Id, Integer, _l


class ChangeSchema(Schema):
    """One change as a phone sends it; its ``data`` is loaded by the entity's own schema."""

    class Meta:
        unknown = RAISE

    mutation_id = Id(required=True)
    entity = Text(required=True, validate=validate.Length(min=1, max=40))
    id = Id(required=True)
    op = Text(required=True, validate=validate.OneOf(("upsert", "delete"),
                                                     error=_l("Must be one of: {choices}.")))
    data = fields.Dict(keys=Text(), load_default=dict)
    hlc = Text(required=True, metadata={"description": "<ISO time ms Z>_<4 hex>_<device_id>"})
    base_version = Integer(load_default=None, allow_none=True, validate=validate.Range(
        min=0, max=2 ** 63 - 1, error=_l("Must be a whole number from {min} to {max}.")),
        metadata={"description": "The version the change was made on; above the record's version: unknown "
                                 "(merged as a concurrent edit)."})

    @validates("hlc")
    def _hlc(self, value, **kwargs):
        if not hlc_clock.is_valid(value):
            from flask_babel import gettext

            raise ValidationError(gettext("Not a valid HLC (<YYYY-MM-DDTHH:MM:SS.mmmZ>_<4 hex digits>_<device id>)."))


class UnsyncedReportSchema(Schema):
    """What still waits on the phone after this request's changes left it (docs/sync.md "Device reports")."""

    class Meta:
        unknown = RAISE

    count = Integer(required=True, validate=validate.Range(
        min=0, max=10_000_000, error=_l("Must be a whole number from {min} to {max}.")))
    oldest_age_s = Integer(load_default=None, allow_none=True, validate=validate.Range(
        min=0, max=20 * 365 * 86400, error=_l("Must be a whole number from {min} to {max}.")),
        metadata={"description": "Seconds since the oldest of them was recorded (the phone's own clock)."})


class SyncRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    device_id = Id(required=True)
    schema_version = Integer(required=True)
    cursor = Text(load_default=None, allow_none=True, validate=validate.Length(max=20000))
    changes = fields.List(fields.Raw(allow_none=True), load_default=list,
                          metadata={"description": "At most 500 changes (413 beyond)."})
    pull_limit = Integer(load_default=500, validate=validate.Range(1, 1000))
    #: optional (docs/sync.md "Device reports"): the name the user gave the phone, what waits on it
    device_name = Text(load_default=None, allow_none=True, validate=validate.Length(
        max=120, error=_l("Must be at most {max} characters long.")))
    unsynced = fields.Nested(UnsyncedReportSchema, load_default=None, allow_none=True)


class SyncResultSchema(Schema):
    mutation_id = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(("applied", "duplicate", "conflict", "rejected")))
    version = fields.Integer(allow_none=True)
    reason = fields.String(validate=validate.OneOf(
        ("validation", "forbidden", "unknown_entity", "deleted", "read_only", "erased")))
    errors = fields.Dict()
    data = fields.Dict(metadata={"description": "Optional: fields the server set on an applied create that "
                                                "the phone did not send (a participant's assigned `code`)."})


class PulledChangeSchema(Schema):
    entity = fields.String()
    id = fields.String()
    op = fields.String(validate=validate.OneOf(("upsert", "delete", "evict")))
    version = fields.Integer()
    data = fields.Dict()


class SyncResponseSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema))
    changes = fields.List(fields.Nested(PulledChangeSchema))
    cursor = fields.String()
    more = fields.Boolean()
    server_time = fields.String()
