"""POST /api/v1/sync: parse, authenticate, push then pull, one commit (SYNC.md)."""
import uuid
from datetime import timedelta

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from sqlalchemy import update

from models import DeviceToken, db, utcnow
from security.audit import audit

from . import bp
from .auth_guard import token_required
from .errors import api_abort, error_response
from .request_body import json_body
from .schemas.sync import SyncRequestSchema
from .sync import cursor as cursors
from .sync.hlc import format_time
from .sync.pull import pull
from .sync.push import Caller, push

MAX_CHANGES = 500
_REQUEST_SCHEMA = SyncRequestSchema()


def _load_request() -> dict:
    payload = json_body()
    if not isinstance(payload, dict):
        api_abort(400, _("The body must be a JSON object."))
    version = payload.get("schema_version")
    minimum = current_app.config["MIN_SCHEMA_VERSION"]
    if isinstance(version, int) and not isinstance(version, bool) and version < minimum:
        raise _Outdated(minimum)
    changes = payload.get("changes")
    if isinstance(changes, list) and len(changes) > MAX_CHANGES:
        api_abort(413, _("At most %(n)s changes per request; send the rest in the next one.", n=MAX_CHANGES),
                  {"changes": [_("%(count)s changes sent.", count=len(changes))]})
    try:
        data = _REQUEST_SCHEMA.load(payload)
    except ValidationError as err:
        api_abort(400, _("The sync request is not valid."), err.messages)
    if data["schema_version"] > current_app.config["SCHEMA_VERSION"]:
        api_abort(400, _("This server does not know schema version %(v)s yet.", v=data["schema_version"]),
                  {"schema_version": [_("At most %(v)s.", v=current_app.config["SCHEMA_VERSION"])]})
    if data["device_id"] != g.device.device_id:
        api_abort(400, _("device_id is not the device this token was issued to."),
                  {"device_id": [_("Does not match the signed-in device.")]})
    return data


class _Outdated(Exception):
    def __init__(self, minimum):
        self.minimum = minimum


def _cursor_state(cursor: str | None) -> dict | None:
    if cursor is None:
        return None
    try:
        return cursors.decode(cursor, current_app.config["SECRET_KEY"].encode())
    except cursors.BadCursor:
        api_abort(400, _("The cursor is not one this server issued; sync again with cursor null."),
                  {"cursor": [_("Not a valid cursor.")]})


def _device_report(data: dict, now) -> dict:
    """The device row's new values: last sync, browser, and what the phone says still waits on it."""
    values = {"last_sync_at": now, "user_agent": request.headers.get("User-Agent", "")[:400]}
    if data.get("device_name"):
        values["device_name"] = data["device_name"]
    report = data.get("unsynced")
    if report is not None:
        age = report.get("oldest_age_s")
        values["unsynced_count"] = report["count"]
        values["unsynced_oldest_at"] = now - timedelta(seconds=age) if report["count"] and age is not None else None
    return values


@bp.post("/sync")
@token_required
def sync():
    try:
        data = _load_request()
    except _Outdated as outdated:
        return error_response(409, _("This version of the app is too old to sync; please update it."),
                              min_schema_version=outdated.minimum)
    state = _cursor_state(data["cursor"])
    scope, device_row, user_id = g.scope, g.device.id, g.user.id
    device_id, now = g.device.device_id, utcnow()
    db.session.commit()  # end the read transaction of sign-in: the push starts its own, locked
    caller = Caller(user_id=user_id, device_id=device_id, scope=scope, request_id=str(uuid.uuid4()), now=now,
                    max_skew_seconds=current_app.config["MAX_CLOCK_SKEW_SECONDS"],
                    cursor_seq=state["s"] if state else 0)
    pushed = push(db.session, caller, data["changes"])
    changes, state, more = pull(db.session, scope, state, data["pull_limit"], caller.request_id, pushed.redeliver)
    db.session.execute(update(DeviceToken).where(DeviceToken.id == device_row).values(**_device_report(data, now)))
    pulled = {}
    for change in changes:
        pulled[change["entity"]] = pulled.get(change["entity"], 0) + 1
    audit("sync", user_id=user_id, detail={"device_id": device_id, "pushed": len(pushed.results), "pulled": pulled})
    db.session.commit()
    return jsonify(results=pushed.results, changes=changes,
                   cursor=cursors.encode(state, current_app.config["SECRET_KEY"].encode()),
                   more=more, server_time=format_time(utcnow()))
