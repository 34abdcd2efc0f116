"""Trades on the set-up pages: the organisation's shared trades (admins) and a programme's own copies.

An occupation with ``programme_id`` None is shared by the organisation's
programmes; its admins edit it on ``/admin/trades``. A programme's coordinators
use a shared trade for their cohorts, or copy it into the programme's own trade
to change it, on ``/admin/programmes/<programme_id>/trades``. One page edits a
trade: code, name, rubric, skills and the names per language (the former
translations page). Every record is written through ``server_write``; whether
the user may write is decided there (security/scope.py), and the page only
asks the same scope whether to offer the forms.
"""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from api.sync.server_write import server_write
from api.sync.trades import copy_trade, live_skills, save_labels, save_skills
from models import Occupation, Organisation, db

from ..review.access import review_scope
from ..review.translation_schemas import OccupationLabelsSchema, entries_from_form, errors_by_name
from . import bp
from .nav import organisation_section, programme_section
from .trade_forms import MAX_LEVELS, new_trade_from_form, rubric_from_form, skills_from_form, written

organisation_section("admin.trades", _l("Trades"))
programme_section("admin.trades_of_programme", _l("Trades"))


# which trades a page shows ------------------------------------------------------------------------

def _shared(organisation_ids):
    return db.session.scalars(select(Occupation).where(
        Occupation.organisation_id.in_(sorted(organisation_ids)), Occupation.programme_id.is_(None),
        Occupation.deleted.is_(False)).order_by(Occupation.name)).all()


def _of_programme(programme):
    """The trades a programme's cohorts may use: the organisation's shared ones and the programme's own."""
    return db.session.scalars(select(Occupation).where(
        Occupation.organisation_id == programme.organisation_id,
        (Occupation.programme_id.is_(None)) | (Occupation.programme_id == programme.id),
        Occupation.deleted.is_(False)).order_by(Occupation.name)).all()


def _organisation_trade(occupation_id):
    occupation = next((o for o in _shared(review_scope().admin_organisation_ids) if o.id == occupation_id), None)
    if occupation is None:
        abort(404)
    return occupation


def _programme_trade(programme, occupation_id):
    occupation = next((o for o in _of_programme(programme) if o.id == occupation_id), None)
    if occupation is None:
        abort(404)
    return occupation


def editable(occupation) -> bool:
    return review_scope().may_set_up("occupation", {"programme_id": occupation.programme_id,
                                                    "organisation_id": occupation.organisation_id})


# the organisation's shared trades -----------------------------------------------------------------

def _render_list(errors=None, sent=None, status=200):
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.id.in_(sorted(review_scope().admin_organisation_ids))).order_by(Organisation.name)).all()
    return render_template("admin/trades.html", trades=_shared(review_scope().admin_organisation_ids),
                           organisations=organisations, programme=None, errors=errors or {}, sent=sent or {},
                           create_url=url_for("admin.create_trade"),
                           trade_url=lambda o: url_for("admin.trade", occupation_id=o.id)), status


@bp.get("/trades")
def trades():
    return _render_list()


def _create(organisation_id, programme):
    data, skill_names = new_trade_from_form(request.form)
    made = {}

    def save():
        made["trade"] = trade = server_write(db.session, current_user, "occupation", None, {
            **data, "organisation_id": organisation_id, "programme_id": programme.id if programme else None})
        save_skills(db.session, current_user, trade, [], set(), skill_names)
    return made, written(save)


@bp.post("/trades")
def create_trade():
    organisations = review_scope().admin_organisation_ids
    organisation_id = request.form.get("organisation_id") or (min(organisations) if len(organisations) == 1 else "")
    if organisation_id not in organisations:
        return _render_list({"organisation_id": [_("Choose an organisation you are an admin of.")]},
                            request.form, 400)
    made, errors = _create(organisation_id, None)
    if errors:
        return _render_list(errors, request.form, 400)
    flash(_("Trade created. Devices receive it on their next sync."), "success")
    return redirect(url_for("admin.trade", occupation_id=made["trade"].id))


# a programme's trades ------------------------------------------------------------------------------

def _render_programme_list(programme, errors=None, sent=None, status=200):
    return render_template("admin/trades.html", programme=programme, trades=_of_programme(programme),
                           errors=errors or {}, sent=sent or {}, organisations=[],
                           create_url=url_for("admin.create_programme_trade", programme_id=programme.id),
                           trade_url=lambda o: url_for("admin.programme_trade", programme_id=programme.id,
                                                       occupation_id=o.id)), status


@bp.get("/programmes/<programme_id>/trades")
def trades_of_programme(programme):
    return _render_programme_list(programme)


@bp.post("/programmes/<programme_id>/trades")
def create_programme_trade(programme):
    made, errors = _create(programme.organisation_id, programme)
    if errors:
        return _render_programme_list(programme, errors, request.form, 400)
    flash(_("Trade created. Devices receive it on their next sync."), "success")
    return redirect(url_for("admin.programme_trade", programme_id=programme.id, occupation_id=made["trade"].id))


@bp.post("/programmes/<programme_id>/trades/<occupation_id>/copy")
def copy_programme_trade(programme, occupation_id):
    source = _programme_trade(programme, occupation_id)
    code = request.form.get("code", "").strip() or f"{source.code}.{programme.code}"[:40]
    name = request.form.get("name", "").strip() or source.name
    made = {}

    def save():
        made["trade"] = copy_trade(db.session, current_user, source, programme, code, name)
    errors = written(save)
    if errors:
        return _render_trade(source, programme, {f"copy.{k}": v for k, v in errors.items()}, request.form, 400)
    flash(_("The trade was copied for this programme: change the copy as you need."), "success")
    return redirect(url_for("admin.programme_trade", programme_id=programme.id, occupation_id=made["trade"].id))


# one trade -----------------------------------------------------------------------------------------

def _render_trade(occupation, programme, errors=None, sent=None, status=200):
    if programme is None:
        urls = {"save": url_for("admin.save_trade", occupation_id=occupation.id),
                "labels": url_for("admin.save_trade_labels", occupation_id=occupation.id),
                "back": url_for("admin.trades")}
    else:
        urls = {"save": url_for("admin.save_programme_trade", programme_id=programme.id, occupation_id=occupation.id),
                "labels": url_for("admin.save_programme_trade_labels", programme_id=programme.id,
                                  occupation_id=occupation.id),
                "copy": url_for("admin.copy_programme_trade", programme_id=programme.id, occupation_id=occupation.id),
                "back": url_for("admin.trades_of_programme", programme_id=programme.id)}
    copied_from = db.session.get(Occupation, occupation.copied_from_id) if occupation.copied_from_id else None
    return render_template("admin/trade.html", occupation=occupation, programme=programme,
                           skills=live_skills(occupation), editable=editable(occupation), urls=urls,
                           copied_from=copied_from, max_levels=MAX_LEVELS,
                           languages=current_app.config["LANGUAGES"], errors=errors or {}, sent=sent or {}), status


def _save_trade(occupation, programme):
    form = request.form

    def save():
        data = {name: form.get(name, "").strip() for name in ("code", "name")
                if form.get(name, "").strip() != getattr(occupation, name)}
        rubric = rubric_from_form(form, occupation.rubric_levels)
        if rubric != occupation.rubric_levels:
            data["rubric"] = rubric
        rows, removed, new_names = skills_from_form(form, live_skills(occupation))
        if data:
            server_write(db.session, current_user, "occupation", occupation.id, data)
        save_skills(db.session, current_user, occupation, rows, removed, new_names)
    errors = written(save)
    if errors:
        return _render_trade(occupation, programme, errors, form, 400)
    flash(_("Trade saved; changes are kept in the history. Devices receive them on their next sync."), "success")
    return redirect(urls_of(occupation, programme))


def _save_trade_labels(occupation, programme):
    entries, names = entries_from_form(request.form)
    try:
        data = OccupationLabelsSchema().load({"entries": entries})
    except ValidationError as exc:
        return _render_trade(occupation, programme, {"labels": errors_by_name(exc.messages, names)},
                             request.form, 400)
    changed = []

    def save():
        changed.extend(save_labels(db.session, current_user, occupation, data["entries"]))
    errors = written(save)
    if errors:
        by_name = {}
        for field, messages in errors.items():
            index = field.split(".")[1] if field.startswith("entries.") else None
            by_name[names[int(index)] if index is not None and int(index) < len(names) else field] = messages
        return _render_trade(occupation, programme, {"labels": by_name}, request.form, 400)
    flash(_("Translations saved. Devices receive them on their next sync.") if changed else
          _("Nothing was changed."), "success")
    return redirect(urls_of(occupation, programme) + "#labels")


def urls_of(occupation, programme) -> str:
    if programme is None:
        return url_for("admin.trade", occupation_id=occupation.id)
    return url_for("admin.programme_trade", programme_id=programme.id, occupation_id=occupation.id)


@bp.get("/trades/<occupation_id>")
def trade(occupation_id):
    return _render_trade(_organisation_trade(occupation_id), None)


@bp.post("/trades/<occupation_id>")
def save_trade(occupation_id):
    return _save_trade(_organisation_trade(occupation_id), None)


@bp.post("/trades/<occupation_id>/labels")
def save_trade_labels(occupation_id):
    return _save_trade_labels(_organisation_trade(occupation_id), None)


@bp.get("/programmes/<programme_id>/trades/<occupation_id>")
def programme_trade(programme, occupation_id):
    return _render_trade(_programme_trade(programme, occupation_id), programme)


@bp.post("/programmes/<programme_id>/trades/<occupation_id>")
def save_programme_trade(programme, occupation_id):
    return _save_trade(_programme_trade(programme, occupation_id), programme)


@bp.post("/programmes/<programme_id>/trades/<occupation_id>/labels")
def save_programme_trade_labels(programme, occupation_id):
    return _save_trade_labels(_programme_trade(programme, occupation_id), programme)
