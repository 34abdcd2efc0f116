"""The set-up home: the programmes the user may set up, and the organisation's pages for admins."""
from flask import render_template
from sqlalchemy import select

from models import Programme, db

from . import bp
from ..review.access import review_scope
from .nav import ORGANISATION_SECTIONS, PROGRAMME_SECTIONS


@bp.get("")
def home():
    scope = review_scope()
    programmes = db.session.scalars(
        select(Programme).where(Programme.id.in_(scope.programme_ids), Programme.deleted.is_(False))
        .order_by(Programme.name)).all()
    return render_template("admin/home.html", programmes=programmes, sections=PROGRAMME_SECTIONS,
                           organisation_sections=ORGANISATION_SECTIONS)
