"""A programme's staff accounts: list, create, and per person role, cohorts, diaspora flag,
deactivate/reactivate and password reset. Every write goes through ``api/accounts/``.

Whose accounts the signed-in user sees here is ``accounts.managed_users_filter``:
an admin everyone of the programme, a coordinator its trainers and mentors (404
for anyone else, nothing changed). A new account or a reset shows its one-time
code and link once, on the answer to the POST, and never again.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from models import Cohort, db
from api import accounts

from . import bp
from .nav import programme_section

programme_section("admin.staff", _l("Staff"))

ROLE_LABELS = {"trainer": _l("Trainer"), "mentor": _l("Mentor"), "coordinator": _l("Coordinator"),
               "admin": _l("Admin")}


def _cohorts(programme):
    return db.session.scalars(select(Cohort).where(Cohort.programme_id == programme.id, Cohort.deleted.is_(False))
                              .order_by(Cohort.code)).all()


def _person(programme, user_id):
    user = accounts.managed_user(current_user, programme, user_id)
    if user is None:
        abort(404)
    return user


def _context(programme):
    return dict(programme=programme, role_labels=ROLE_LABELS, cohorts=_cohorts(programme),
                roles=accounts.assignable_roles(current_user, programme), staff_roles=accounts.STAFF_ROLES)


def _render_list(programme, errors=None, values=None, status=200):
    rows = [(u, accounts.roles_in(u, programme), accounts.cohorts_of(u, programme))
            for u in accounts.programme_staff(current_user, programme)]
    return render_template("admin/staff.html", rows=rows, errors=errors or {}, values=values or {},
                           **_context(programme)), status


def _render_person(programme, user, errors=None, status=200):
    return render_template("admin/staff_person.html", person=user, person_roles=accounts.roles_in(user, programme),
                           person_cohorts={c.id for c in accounts.cohorts_of(user, programme)},
                           errors=errors or {}, **_context(programme)), status


def _render_code(programme, user, issued, created):
    link = url_for("welcome.welcome_link", token=issued.token, _external=True)
    return render_template("admin/staff_code.html", person=user, issued=issued, link=link, created=created,
                           **_context(programme))


@bp.get("/programmes/<programme_id>/staff")
def staff(programme):
    return _render_list(programme)


@bp.post("/programmes/<programme_id>/staff")
def create_staff(programme):
    form = request.form
    values = {"username": form.get("username", ""), "display_name": form.get("display_name", ""),
              "role": form.get("role", ""), "cohorts": form.getlist("cohorts"),
              "diaspora": form.get("diaspora") == "1"}
    try:
        user, issued = accounts.create_account(current_user, programme, username=values["username"],
                                               display_name=values["display_name"], role=values["role"],
                                               cohort_ids=values["cohorts"], diaspora=values["diaspora"])
    except accounts.AccountError as exc:
        db.session.rollback()
        return _render_list(programme, exc.errors, values, status=400)
    db.session.commit()
    return _render_code(programme, user, issued, created=True)


@bp.get("/programmes/<programme_id>/staff/<user_id>")
def staff_person(programme, user_id):
    return _render_person(programme, _person(programme, user_id))


def _change(programme, user_id, change, done_message):
    """Run one change of a person's account: 404 outside the scope, 400 with the field's error, else back."""
    user = _person(programme, user_id)
    try:
        change(user)
    except accounts.AccountError as exc:
        db.session.rollback()
        return _render_person(programme, _person(programme, user_id), exc.errors, status=400)
    db.session.commit()
    flash(done_message, "success")
    return redirect(url_for("admin.staff_person", programme_id=programme.id, user_id=user_id))


@bp.post("/programmes/<programme_id>/staff/<user_id>/role")
def staff_role(programme, user_id):
    role = request.form.get("role", "")
    return _change(programme, user_id, lambda u: accounts.change_role(current_user, programme, u, role),
                   _("The role was changed."))


@bp.post("/programmes/<programme_id>/staff/<user_id>/cohorts")
def staff_cohorts(programme, user_id):
    cohort_ids = request.form.getlist("cohorts")
    return _change(programme, user_id, lambda u: accounts.set_cohorts(current_user, programme, u, cohort_ids),
                   _("The cohorts were saved."))


@bp.post("/programmes/<programme_id>/staff/<user_id>/diaspora")
def staff_diaspora(programme, user_id):
    flag = request.form.get("diaspora") == "1"
    return _change(programme, user_id, lambda u: accounts.set_diaspora(current_user, programme, u, flag),
                   _("Saved."))


@bp.post("/programmes/<programme_id>/staff/<user_id>/deactivate")
def staff_deactivate(programme, user_id):
    return _change(programme, user_id, lambda u: accounts.deactivate(current_user, u, programme),
                   _("The account was deactivated: the person is signed out everywhere, on every phone."))


@bp.post("/programmes/<programme_id>/staff/<user_id>/reactivate")
def staff_reactivate(programme, user_id):
    return _change(programme, user_id, lambda u: accounts.reactivate(current_user, u, programme),
                   _("The account was reactivated. The person signs in again on their phone."))


@bp.post("/programmes/<programme_id>/staff/<user_id>/reset-password")
def staff_reset_password(programme, user_id):
    user = _person(programme, user_id)
    if not user.active:
        return _render_person(programme, user, {"user": [_("Reactivate the account first.")]}, status=400)
    issued = accounts.reset_password(current_user, programme, user)
    db.session.commit()
    return _render_code(programme, user, issued, created=False)

