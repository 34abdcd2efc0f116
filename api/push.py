"""Web Push: the server's public key, this device's subscription, the user's switches (docs/push.md)."""
from flask import current_app, g, jsonify

from models import db
from notifications import subscriptions
from notifications.prefs import prefs_json, update_prefs
from notifications.vapid import load_keys

from . import bp
from .auth_guard import token_required
from .request_body import load_body
from .schemas.push import NotificationPrefsSchema, PushSubscriptionSchema


def _subscription_json(sub) -> dict:
    if sub is None:
        return {"subscribed": False}
    return {"subscribed": True, "endpoint": sub.endpoint}


@bp.get("/push/key")
def push_key():
    """The VAPID public key a browser passes to pushManager.subscribe (it is public)."""
    return jsonify(public_key=load_keys(current_app).public_key)


@bp.get("/push/subscriptions")
@token_required
def get_subscription():
    return jsonify(_subscription_json(subscriptions.for_device(g.device)))


@bp.post("/push/subscriptions")
@token_required
def save_subscription():
    """Store this device's subscription (one per device; a new one replaces the old)."""
    data = load_body(PushSubscriptionSchema())
    sub, created = subscriptions.save_for_device(g.device, data)
    db.session.commit()
    return jsonify(_subscription_json(sub)), 201 if created else 200


@bp.delete("/push/subscriptions")
@token_required
def delete_subscription():
    sub = subscriptions.for_device(g.device)
    if sub is not None:
        db.session.delete(sub)
        db.session.commit()
    return "", 204


@bp.get("/push/prefs")
@token_required
def get_prefs():
    return jsonify(prefs_json(g.user))


@bp.patch("/push/prefs")
@token_required
def patch_prefs():
    update_prefs(g.user, load_body(NotificationPrefsSchema()))
    db.session.commit()
    return jsonify(prefs_json(g.user))


def _document():
    from marshmallow import Schema, fields

    from .openapi import document, error, json_response, schema

    class PushKeySchema(Schema):
        public_key = fields.String(metadata={"description": "base64url uncompressed P-256 point "
                                                            "(applicationServerKey)"})

    class PushSubscriptionStateSchema(Schema):
        subscribed = fields.Boolean(required=True)
        endpoint = fields.String()

    class NotificationPrefsStateSchema(Schema):
        rules = fields.Dict(keys=fields.String(), values=fields.Boolean(),
                            metadata={"description": "rule → on/off, for the rules the user's roles concern"})
        stale_sync_days = fields.Integer()
        time_zone = fields.String()

    for name, cls in (("PushKey", PushKeySchema), ("PushSubscription", PushSubscriptionSchema),
                      ("PushSubscriptionState", PushSubscriptionStateSchema),
                      ("NotificationPrefs", NotificationPrefsSchema),
                      ("NotificationPrefsState", NotificationPrefsStateSchema)):
        schema(name, cls)
    state = json_response("This device's subscription", "PushSubscriptionState")
    prefs = json_response("The user's notification switches", "NotificationPrefsState")
    document("/push/key", "get", "The server's VAPID public key for pushManager.subscribe()", auth=False, tag="push",
             responses={200: json_response("The key", "PushKey")})
    document("/push/subscriptions", "get", "This device's push subscription", tag="push", responses={200: state})
    document("/push/subscriptions", "post", "Store this device's push subscription (PushSubscription.toJSON())",
             body="PushSubscription", tag="push",
             responses={200: state, 201: state, 400: error("Not a subscription of a known push service"),
                        415: error("Not JSON")})
    document("/push/subscriptions", "delete", "Forget this device's push subscription", tag="push",
             responses={204: "Forgotten (also when there was none)"})
    document("/push/prefs", "get", "The user's notification switches", tag="push", responses={200: prefs})
    document("/push/prefs", "patch", "Change some of the user's notification switches", body="NotificationPrefs",
             tag="push", responses={200: prefs, 400: error("Unknown rule, days out of range or unknown time zone"),
                                    415: error("Not JSON")})


_document()
