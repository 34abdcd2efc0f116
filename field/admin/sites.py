"""A programme's sites and employers: list, create, edit, delete (a tombstone; refused while in use).

The contact person is kept on the server: it is shown here and never sent to phones.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from api.sync.server_write import server_write
from api.sync.validate import Rejection
from models import Site, db
from models.site import SITE_KINDS

from . import bp
from .forms import FormErrors, refusal
from .nav import programme_section
from .site_forms import countries, form_values, site_data

programme_section("admin.sites", _l("Sites and employers"))


def site_kind_label(kind: str) -> str:
    return {"employer": _("Employer"), "training_centre": _("Training centre"),
            "employment_bureau": _("Employment bureau"), "other": _("Other")}.get(kind, kind)


def _sites(programme):
    return db.session.scalars(select(Site).where(Site.programme_id == programme.id, Site.deleted.is_(False))
                              .order_by(Site.name)).all()


def _site(programme, site_id) -> Site:
    site = db.session.get(Site, site_id)
    if site is None or site.deleted or site.programme_id != programme.id:
        abort(404)
    return site


def _render(programme, site=None, errors=None, values=None, status=200):
    return render_template("admin/sites.html", programme=programme, sites=_sites(programme), site=site,
                           errors=errors or FormErrors(), values=values or (form_values(site) if site else {}),
                           kinds=SITE_KINDS, kind_label=site_kind_label, countries=countries(),
                           closed=programme.is_closed()), status


@bp.get("/programmes/<programme_id>/sites")
def sites(programme):
    return _render(programme)


@bp.get("/programmes/<programme_id>/sites/<site_id>")
def site_edit(programme, site_id):
    return _render(programme, _site(programme, site_id))


def _write(programme, site):
    data, errors = site_data(request.form)
    if site is None:
        data["programme_id"] = programme.id
    try:
        saved = server_write(db.session, current_user, "site", site.id if site else None, data)
    except Rejection as rejection:
        db.session.rollback()
        site = db.session.get(Site, site.id) if site else None
        return _render(programme, site, refusal(rejection), dict(request.form), 400)
    db.session.commit()
    flash(_("The site %(name)s was saved.", name=saved.name), "success")
    return redirect(url_for("admin.sites", programme_id=programme.id))


@bp.post("/programmes/<programme_id>/sites")
def create_site(programme):
    return _write(programme, None)


@bp.post("/programmes/<programme_id>/sites/<site_id>")
def save_site(programme, site_id):
    return _write(programme, _site(programme, site_id))


@bp.post("/programmes/<programme_id>/sites/<site_id>/delete")
def delete_site(programme, site_id):
    site = _site(programme, site_id)
    try:
        server_write(db.session, current_user, "site", site.id, {}, op="delete", action="delete")
    except Rejection as rejection:
        db.session.rollback()
        return _render(programme, db.session.get(Site, site.id), refusal(rejection), None, 400)
    db.session.commit()
    flash(_("The site was deleted."), "success")
    return redirect(url_for("admin.sites", programme_id=programme.id))
