"""POST/DELETE /api/v1/auth/token (SYNC.md "Auth") and the caller's profile."""
from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from models import User, db, username_key, utcnow
from security.audit import audit
from security.passwords import hash_password, needs_rehash, verify_password
from security.tokens import issue_token, revoke_token

from . import bp
from .auth_guard import token_required
from .errors import api_abort
from .request_body import load_body
from .sign_in_limits import sign_in_limits
from .schemas.auth import ProfileSchema, TokenRequestSchema
from .sync.serialize import wire_value


def user_json(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "locale": user.locale,
        "role": user.main_role(),
        "memberships": [{"programme_id": m.programme_id, "role": m.role} for m in user.memberships],
    }


@bp.post("/auth/token")
@sign_in_limits
def create_token():
    data = load_body(TokenRequestSchema())
    user = db.session.scalar(select(User).where(User.username_key == username_key(data["username"])))
    if not verify_password(user.password_hash if user else None, data["password"]) or not user.is_active:
        audit("login_failed", detail={"username": data["username"][:80]})
        db.session.commit()
        api_abort(401, _("Wrong username or password."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(data["password"])
    token, record = issue_token(user, str(data["device_id"]), data["device_name"],
                                current_app.config["TOKEN_LIFETIME_DAYS"], request.headers.get("User-Agent", ""))
    user.last_login_at = utcnow()
    audit("token_issued", user=user, detail={"device_id": record.device_id})
    db.session.commit()
    return jsonify(token=token, expires_at=wire_value(record.expires_at),
                   user=user_json(user))


@bp.delete("/auth/token")
@token_required
def delete_token():
    revoke_token(g.device)
    audit("token_revoked", user=g.user, detail={"device_id": g.device.device_id})
    db.session.commit()
    return "", 204


@bp.get("/me")
@token_required
def me():
    return jsonify(user_json(g.user))


@bp.patch("/me")
@token_required
def update_me():
    data = load_body(ProfileSchema())
    g.user.locale = data["locale"]
    db.session.commit()
    return jsonify(user_json(g.user))
