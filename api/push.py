"""Web Push: the server's public key, this device's subscription, the user's switches (docs/push.md)."""
from flask import current_app, g, jsonify
from flask_babel import gettext as _
from marshmallow import ValidationError

from models import db
from notifications import subscriptions
from notifications.prefs import prefs_json, update_prefs
from notifications.vapid import load_keys

from . import bp
from .auth_guard import token_required
from .errors import api_abort
from .request_body import json_body
from .schemas.push import NotificationPrefsSchema, PushSubscriptionSchema


def _load(schema, payload):
    if not isinstance(payload, dict):
        api_abort(400, _("The body must be a JSON object."))
    try:
        return schema.load(payload)
    except ValidationError as err:
        api_abort(400, _("Some fields are missing or not valid."), err.messages)


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
    data = _load(PushSubscriptionSchema(), json_body())
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
    update_prefs(g.user, _load(NotificationPrefsSchema(), json_body()))
    db.session.commit()
    return jsonify(prefs_json(g.user))
