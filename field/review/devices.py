"""Devices of the people a coordinator or admin manages (security.scope.device_users_filter): the
device's name or model, last sync, what the phone last reported still waits on it; signing out a lost
phone after a confirmation that says what happens to its records; importing a signed-out phone's backup."""
import json
from datetime import datetime, timedelta, timezone

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, or_, select

from api.sync.backup_import import BadBackup, import_backup, read_backup
from models import DeviceToken, User, db
from security.audit import audit
from security.scope import device_users_filter, manages_devices
from security.tokens import revoke_token

from . import bp
from .device_names import device_label

#: signed-out devices listed (and whose backups are taken) for this long after the sign-out
SIGNED_OUT_SHOWN = timedelta(days=90)


def _managed_devices():
    """A WHERE clause on DeviceToken: the devices the signed-in user manages (403 for anyone else)."""
    if not manages_devices(current_user):
        abort(403)
    return device_users_filter(current_user, DeviceToken.user_id)


def _aware(moment):
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def describe(token, user) -> dict:
    """What the page shows of one device row."""
    name, model = device_label(token)
    oldest = _aware(token.unsynced_oldest_at)
    now = datetime.now(timezone.utc)
    return {"token": token, "user": user, "name": name, "model": model or token.device_id[:8],
            "unsynced": token.unsynced_count, "oldest_age": format_timedelta(now - oldest) if oldest else None}


def _rows(*conditions):
    return [describe(token, user) for token, user in db.session.execute(
        select(DeviceToken, User).join(User, User.id == DeviceToken.user_id)
        .where(_managed_devices(), *conditions)
        .order_by(User.display_name, DeviceToken.last_sync_at.desc())).all()]


@bp.get("/review/devices")
def devices():
    since = datetime.now(timezone.utc) - SIGNED_OUT_SHOWN
    live = _rows(DeviceToken.revoked_at.is_(None), User.active.is_(True))
    # a phone signs in again with a new token (the old one revoked): only the newest token of a device counts
    signed_out = [row for row in _rows(
        or_(and_(DeviceToken.revoked_at.is_not(None), DeviceToken.revoked_at >= since), User.active.is_(False)),
        DeviceToken.unsynced_count > 0)
        if not any(r["token"].device_id == row["token"].device_id and r["user"].id == row["user"].id for r in live)]
    return render_template("review/devices.html", rows=live, signed_out=signed_out)


def _managed_token(device_token_id):
    record = db.session.scalar(select(DeviceToken).where(DeviceToken.id == device_token_id, _managed_devices()))
    if record is None:
        abort(404)
    return record


@bp.get("/review/devices/<device_token_id>/revoke")
def confirm_revoke(device_token_id):
    record = _managed_token(device_token_id)
    if record.revoked_at is not None:
        return redirect(url_for("review.devices"))
    return render_template("review/device_revoke.html", row=describe(record, record.user))


@bp.post("/review/devices/<device_token_id>/revoke")
def revoke_device(device_token_id):
    record = _managed_token(device_token_id)
    if record.revoked_at is None:
        revoke_token(record)
        audit("device_revoked", user=current_user, entity="user", record_id=record.user_id,
              detail={"device_id": record.device_id})
        db.session.commit()
        flash(_("The device was signed out. At its next connection it removes the participants' data; records it "
                "has not synced stay on it, encrypted, until its user signs in again."), "info")
    return redirect(url_for("review.devices"))


def _signed_out(user, device_id) -> bool:
    """Whether the backup comes from a phone its user can no longer sync from."""
    if not user.is_active:
        return True
    return db.session.scalar(select(DeviceToken.id).where(
        DeviceToken.user_id == user.id, DeviceToken.device_id == device_id,
        DeviceToken.revoked_at.is_not(None)).limit(1)) is not None


@bp.post("/review/devices/import")
def import_device_backup():
    _managed_devices()
    upload = request.files.get("backup")
    try:
        if upload is None or not upload.filename:
            raise BadBackup(_("Choose the backup file to import."))
        try:
            payload = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BadBackup(_("This file is not a Field Mentor backup.")) from None
        backup = read_backup(payload)
        user = db.session.scalar(select(User).where(User.id == backup["user_id"],
                                                    device_users_filter(current_user, User.id)))
        if user is None:
            raise BadBackup(_("This backup belongs to someone whose devices you do not manage."))
        if backup["device_id"] is None or not _signed_out(user, backup["device_id"]):
            raise BadBackup(_("This phone is still signed in: its records reach the server at its next sync."))
    except BadBackup as bad:
        flash(str(bad), "error")
        return redirect(url_for("review.devices"))
    outcome = import_backup(db.session, user, backup["device_id"], backup["changes"], importer=current_user)
    db.session.commit()
    return render_template("review/device_import.html", user=user, outcome=outcome)
