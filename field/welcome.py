"""First sign-in without e-mail: ``/welcome`` (username + one-time code) and ``/welcome/<token>`` (the link).

The person sets their own password (api/accounts/ ``redeem_code`` /
``redeem_token``), which spends the code, and is told to sign in on their phone.
Open without signing in; POSTs wear the sign-in rate limits, like every view that
checks a secret. A wrong, used or expired code and an unknown username get one
and the same message.
"""
from flask import Blueprint, render_template, request

from api.sign_in_limits import sign_in_limits
from models import db
from api import accounts
from security.audit import audit

bp = Blueprint("welcome", __name__)


def init_app(app):
    app.register_blueprint(bp)


def _form(errors=None, values=None, person=None, token=None, status=200):
    return render_template("welcome/welcome.html", errors=errors or {}, values=values or {}, person=person,
                           token=token, min_length=accounts.MIN_PASSWORD_LENGTH), status


def _failed(errors, username=None):
    db.session.rollback()
    if "code" in errors:
        audit("welcome_failed", detail={"username": (username or "")[:80]} if username is not None else {})
        db.session.commit()


@bp.route("/welcome", methods=["GET", "POST"])
@sign_in_limits
def welcome():
    if request.method == "GET":
        return _form()
    values = {"username": request.form.get("username", ""), "code": request.form.get("code", "")}
    try:
        user = accounts.redeem_code(values["username"], values["code"], request.form.get("password", ""),
                                    request.form.get("password_again", ""))
    except accounts.AccountError as exc:
        _failed(exc.errors, values["username"])
        return _form(exc.errors, values, status=400)
    db.session.commit()
    return render_template("welcome/done.html", person=user)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@sign_in_limits
def welcome_link(token):
    row = accounts.code_for_token(token)
    if row is None:
        return render_template("welcome/expired.html", message=accounts.wrong_code_message()), 404
    if request.method == "GET":
        return _form(person=row.user, token=token)
    try:
        user = accounts.redeem_token(token, request.form.get("password", ""), request.form.get("password_again", ""))
    except accounts.AccountError as exc:
        _failed(exc.errors)
        return _form(exc.errors, person=row.user, token=token, status=400)
    db.session.commit()
    return render_template("welcome/done.html", person=user)
