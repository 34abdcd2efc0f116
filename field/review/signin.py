"""Cookie sign-in and sign-out for the coordinator pages."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from api.sign_in_limits import sign_in_limits
from models import User, db, username_key, utcnow
from security.audit import audit
from security.boundary import local_path
from security.login import end_cookie_sessions, rotate_csrf_secret
from security.passwords import verify_password

from . import bp
from .forms import LoginForm


def _safe_next(target: str | None) -> str:
    """A path on this site to go to after sign-in; anything else (another host, a header break) goes home."""
    if target and local_path(target):
        return target
    return url_for("review.review_home")


@bp.route("/login", methods=["GET", "POST"])
@sign_in_limits
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username_key == username_key(form.username.data)))
        if user and verify_password(user.password_hash, form.password.data) and user.is_active:
            rotate_csrf_secret()
            login_user(user)
            user.last_login_at = utcnow()
            audit("login", user=user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        audit("login_failed", detail={"username": (form.username.data or "")[:80]})
        db.session.commit()
        flash(_("Wrong username or password."), "error")
        return render_template("review/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("review/login.html", form=form), status


@bp.post("/logout")
def logout():
    end_cookie_sessions(current_user.id)
    audit("logout", user=current_user)
    db.session.commit()
    logout_user()
    return redirect(url_for("review.login"))
