from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from config import LANGUAGES
from security.text import Text


class TokenRequestSchema(Schema):
    username = Text(required=True, validate=validate.Length(min=1, max=80))
    password = Text(required=True, multiline=True, validate=validate.Length(min=1, max=200))
    device_id = fields.UUID(required=True)
    device_name = Text(load_default="", validate=validate.Length(max=120))


class ProfileSchema(Schema):
    locale = Text(required=True, validate=validate.OneOf(list(LANGUAGES), error=_l("Unknown language.")))
