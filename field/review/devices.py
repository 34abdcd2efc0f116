"""Devices of the people a coordinator or admin manages (security.scope.device_users_filter):
last sync, and sign out a lost phone."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import DeviceToken, User, db
from security.audit import audit
from security.scope import device_users_filter, manages_devices
from security.tokens import revoke_token

from . import bp


def _managed_devices():
    """A WHERE clause on DeviceToken: the devices the signed-in user manages (403 for anyone else)."""
    if not manages_devices(current_user):
        abort(403)
    return device_users_filter(current_user, DeviceToken.user_id)


@bp.get("/review/devices")
def devices():
    rows = db.session.execute(
        select(DeviceToken, User)
        .join(User, User.id == DeviceToken.user_id)
        .where(_managed_devices(), DeviceToken.revoked_at.is_(None))
        .order_by(User.display_name, DeviceToken.last_sync_at.desc())
    ).all()
    return render_template("review/devices.html", rows=rows)


@bp.post("/review/devices/<device_token_id>/revoke")
def revoke_device(device_token_id):
    record = db.session.scalar(
        select(DeviceToken).where(DeviceToken.id == device_token_id, _managed_devices())
    )
    if record is None:
        abort(404)
    if record.revoked_at is None:
        revoke_token(record)
        audit("device_revoked", user=current_user, entity="user", record_id=record.user_id,
              detail={"device_id": record.device_id})
        db.session.commit()
        flash(_("The device was signed out. Records it has not synced stay on it until its user signs in again."),
              "info")
    return redirect(url_for("review.devices"))
