"""A programme's cohorts on the set-up pages: list, create, edit, close and reopen.

Every write goes through ``server_write`` (CohortSchema, validate._cohort, the
coordinators' scope); phones pull the cohort on their next sync. A closed
cohort (``closed_on``) takes no new sessions from phones (validate._session);
its records stay and are still reported.
"""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from api.sync.server_write import server_write
from models import Cohort, Membership, Site, User, db

from . import bp
from .cohort_forms import changed, cohort_from_form
from .nav import programme_section
from .trade_forms import written
from .trades import _of_programme

programme_section("admin.cohorts", _l("Cohorts"))


def _cohorts(programme):
    return db.session.scalars(select(Cohort).where(Cohort.programme_id == programme.id, Cohort.deleted.is_(False))
                              .order_by(Cohort.code)).all()


def _cohort(programme, cohort_id):
    cohort = db.session.scalar(select(Cohort).where(Cohort.id == cohort_id, Cohort.programme_id == programme.id,
                                                    Cohort.deleted.is_(False)))
    if cohort is None:
        abort(404)
    return cohort


def _staff(programme, role):
    return db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.programme_id == programme.id, Membership.role == role, User.active.is_(True))
        .order_by(User.display_name)).all()


def _render(programme, cohort=None, errors=None, sent=None, status=200):
    sites = db.session.scalars(select(Site).where(Site.programme_id == programme.id, Site.deleted.is_(False))
                               .order_by(Site.name)).all()
    if sent is not None:
        chosen = {"trainer_ids": sent.getlist("trainer_ids"), "mentor_ids": sent.getlist("mentor_ids")}
    else:
        chosen = {"trainer_ids": cohort.trainer_ids if cohort else [],
                  "mentor_ids": cohort.mentor_ids if cohort else []}
    return render_template("admin/cohorts.html", programme=programme, cohort=cohort, cohorts=_cohorts(programme),
                           trades=_of_programme(programme), sites=sites, trainers=_staff(programme, "trainer"),
                           mentors=_staff(programme, "mentor"), chosen=chosen, errors=errors or {},
                           sent=sent or {}, today=date.today()), status


def _write(programme, cohort_id, data, action="write"):
    made = {}

    def save():
        made["cohort"] = server_write(db.session, current_user, "cohort", cohort_id, data, action=action)

    errors = written(save)
    return made.get("cohort"), errors


@bp.get("/programmes/<programme_id>/cohorts")
def cohorts(programme):
    return _render(programme)


@bp.post("/programmes/<programme_id>/cohorts")
def create_cohort(programme):
    record, errors = _write(programme, None, {**cohort_from_form(request.form), "programme_id": programme.id})
    if errors:
        return _render(programme, None, errors, request.form, 400)
    flash(_("Cohort created. Its trainers' and mentors' phones receive it on their next sync."), "success")
    return redirect(url_for("admin.cohort", programme_id=programme.id, cohort_id=record.id))


@bp.get("/programmes/<programme_id>/cohorts/<cohort_id>")
def cohort(programme, cohort_id):
    return _render(programme, _cohort(programme, cohort_id))


@bp.post("/programmes/<programme_id>/cohorts/<cohort_id>")
def save_cohort(programme, cohort_id):
    cohort = _cohort(programme, cohort_id)
    data = changed(cohort, cohort_from_form(request.form))
    if data:
        _record, errors = _write(programme, cohort.id, data)
        if errors:
            return _render(programme, _cohort(programme, cohort_id), errors, request.form, 400)
    flash(_("Cohort saved.") if data else _("Nothing was changed."), "success")
    return redirect(url_for("admin.cohort", programme_id=programme.id, cohort_id=cohort_id))


@bp.post("/programmes/<programme_id>/cohorts/<cohort_id>/close")
def close_cohort(programme, cohort_id):
    cohort = _cohort(programme, cohort_id)
    closing = request.form.get("reopen") is None
    _record, errors = _write(programme, cohort.id, {"closed_on": date.today().isoformat() if closing else None},
                             action="close_cohort" if closing else "reopen_cohort")
    if errors:
        return _render(programme, _cohort(programme, cohort_id), errors, None, 400)
    flash(_("Cohort closed: phones record no new sessions in it; its records stay in the reports.") if closing
          else _("Cohort reopened."), "success")
    return redirect(url_for("admin.cohort", programme_id=programme.id, cohort_id=cohort_id))
