"""Bodies of /api/v1/push: a browser's PushSubscription.toJSON() and a user's switches."""
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates

from notifications.prefs import RULES, valid_time_zone
from notifications.settings import setting
from notifications.vapid import b64url_decode
from security.text import Text


def _b64url(value: str) -> bytes:
    try:
        return b64url_decode(value)
    except (ValueError, TypeError):
        raise ValidationError(_l("Not base64url.")) from None


class SubscriptionKeysSchema(Schema):
    p256dh = Text(required=True, validate=validate.Length(max=200))
    auth = Text(required=True, validate=validate.Length(max=100))

    @validates("p256dh")
    def _p256dh(self, value, **_kw):
        raw = _b64url(value)
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise ValidationError(_l("Not a P-256 public key.")) from None
        if len(raw) != 65:
            raise ValidationError(_l("Not a P-256 public key."))

    @validates("auth")
    def _auth(self, value, **_kw):
        if len(_b64url(value)) != 16:
            raise ValidationError(_l("The auth secret must be 16 bytes."))


class PushSubscriptionSchema(Schema):
    """What ``PushSubscription.toJSON()`` gives in the browser."""

    class Meta:
        unknown = "exclude"

    endpoint = Text(required=True, validate=validate.Length(min=10, max=2048))
    expirationTime = fields.Integer(allow_none=True, load_default=None)  # noqa: N815 (the browser's name)
    keys = fields.Nested(SubscriptionKeysSchema, required=True)

    @validates("endpoint")
    def _endpoint(self, value, **_kw):
        try:
            parts = urlsplit(value)
            host = (parts.hostname or "").lower()
        except ValueError:
            parts, host = None, ""
        schemes = ("https", "http") if setting("PUSH_ALLOW_HTTP_ENDPOINTS") else ("https",)
        if parts is None or parts.scheme not in schemes or not host:
            raise ValidationError(_l("The endpoint must be an https address of a push service."))
        if not any(host == allowed or host.endswith("." + allowed) for allowed in setting("PUSH_ENDPOINT_HOSTS")):
            raise ValidationError(_l("This push service is not one this server sends to."))


class NotificationPrefsSchema(Schema):
    """A partial update of a user's notification switches."""

    rules = fields.Dict(keys=Text(validate=validate.OneOf(list(RULES), error=_l("Unknown notification."))),
                        values=fields.Boolean(required=True))
    stale_sync_days = fields.Integer(validate=validate.Range(min=1, max=60, error=_l("From 1 to 60 days.")))
    time_zone = Text(validate=validate.Length(max=64))

    @validates("time_zone")
    def _time_zone(self, value, **_kw):
        if not valid_time_zone(value):
            raise ValidationError(_l("Unknown time zone."))
