"""The organisation's programmes (admins) and a programme's settings page (its coordinators too).

Every write goes through ``server_write``; a refusal rolls back and shows the
errors next to the fields with a 400, nothing half-written.
"""
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from api.schemas.setup import TARGET_KEYS
from api.sync.server_write import server_write
from api.sync.validate import Rejection
from models import Organisation, Programme, db

from . import bp
from ..review.access import review_scope
from ..review.choice_labels import target_label
from .forms import FormErrors, refusal
from .nav import organisation_section, programme_section
from .programme_forms import form_values, new_programme_data, sent_values, settings_data

programme_section("admin.programme_settings", _l("Settings"))
organisation_section("admin.programmes", _l("Programmes"))


def _organisations():
    ids = sorted(review_scope().admin_organisation_ids)
    return db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)).all()


def _is_admin_of(programme) -> bool:
    return programme.organisation_id in review_scope().admin_organisation_ids


def _list(errors=None, values=None, status=200):
    organisations = _organisations()
    programmes = db.session.scalars(
        select(Programme).where(Programme.organisation_id.in_([o.id for o in organisations]),
                                Programme.deleted.is_(False)).order_by(Programme.name)).all()
    return render_template("admin/programmes.html", programmes=programmes, organisations=organisations,
                           languages=current_app.config["LANGUAGES"], errors=errors or FormErrors(),
                           values=values or {"languages": []}, today=date.today()), status


@bp.get("/programmes")
def programmes():
    return _list()


@bp.post("/programmes")
def create_programme():
    organisations = _organisations()
    data, errors = new_programme_data(request.form, [o.id for o in organisations])
    if errors:
        return _list(errors, sent_values(request.form), 400)
    try:
        programme = server_write(db.session, current_user, "programme", None, data)
    except Rejection as rejection:
        db.session.rollback()
        return _list(refusal(rejection), sent_values(request.form), 400)
    db.session.commit()
    flash(_("The programme %(name)s was created.", name=programme.name), "success")
    return redirect(url_for("admin.programme_settings", programme_id=programme.id))


def _settings(programme, errors=None, values=None, status=200):
    return render_template("admin/programme_settings.html", programme=programme,
                           languages=current_app.config["LANGUAGES"], target_keys=TARGET_KEYS,
                           errors=errors or FormErrors(), values=values or form_values(programme),
                           is_admin=_is_admin_of(programme), closed=programme.is_closed(),
                           today=date.today(), target_label=target_label), status


@bp.get("/programmes/<programme_id>")
def programme_settings(programme):
    return _settings(programme)


@bp.post("/programmes/<programme_id>")
def save_programme_settings(programme):
    data, errors = settings_data(request.form)
    if errors:
        return _settings(programme, errors, sent_values(request.form), 400)
    try:
        server_write(db.session, current_user, "programme", programme.id, data)
    except Rejection as rejection:
        db.session.rollback()
        return _settings(db.session.get(Programme, programme.id), refusal(rejection), sent_values(request.form), 400)
    db.session.commit()
    flash(_("The settings were saved."), "success")
    return redirect(url_for("admin.programme_settings", programme_id=programme.id))


@bp.post("/programmes/<programme_id>/close")
def close_programme(programme):
    """Close the programme on a day (admins), or reopen it (an empty day)."""
    if not _is_admin_of(programme):
        abort(403)
    closed_on = (request.form.get("closed_on") or "").strip() or None
    try:
        server_write(db.session, current_user, "programme", programme.id, {"closed_on": closed_on})
    except Rejection as rejection:
        db.session.rollback()
        return _settings(db.session.get(Programme, programme.id), refusal(rejection), None, 400)
    db.session.commit()
    flash(_("The programme was reopened.") if closed_on is None else
          _("The programme closes on %(date)s.", date=closed_on), "success")
    return redirect(url_for("admin.programme_settings", programme_id=programme.id))
