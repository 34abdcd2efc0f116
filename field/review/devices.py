"""Devices of the people in a coordinator's programmes: last sync, and revoke a lost phone."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import DeviceToken, Membership, User, db
from security.audit import audit
from security.scope import scope_for
from security.tokens import revoke_token

from . import bp


def _programme_user_ids(scope):
    return select(Membership.user_id).where(Membership.programme_id.in_(sorted(scope.programme_ids)))


def _coordinator_scope():
    scope = scope_for(current_user)
    if not scope.programme_ids:
        abort(403)
    return scope


@bp.get("/review/devices")
def devices():
    scope = _coordinator_scope()
    rows = db.session.execute(
        select(DeviceToken, User)
        .join(User, User.id == DeviceToken.user_id)
        .where(DeviceToken.user_id.in_(_programme_user_ids(scope)), DeviceToken.revoked_at.is_(None))
        .order_by(User.display_name, DeviceToken.last_sync_at.desc())
    ).all()
    return render_template("review/devices.html", rows=rows)


@bp.post("/review/devices/<device_token_id>/revoke")
def revoke_device(device_token_id):
    scope = _coordinator_scope()
    record = db.session.scalar(
        select(DeviceToken).where(DeviceToken.id == device_token_id,
                                  DeviceToken.user_id.in_(_programme_user_ids(scope)))
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
