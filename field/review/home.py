"""Coordinator landing page: the programmes a signed-in user reaches, with their counts."""
from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from models import Cohort, Conflict, Participant, Programme, TrainingSession, db
from security.scope import record_filter, scope_for

from . import bp


@bp.get("/review")
def review_home():
    scope = scope_for(current_user)
    if not scope.programme_ids and current_user.is_admin:
        # the first run: an admin (made with the CLI) and no programme yet
        return render_template("review/home.html", programmes=[], counts={}, open_conflicts={})
    if not scope.programme_ids:
        message = _("These pages are for coordinators. Trainers and mentors use Field Mentor on their phone.")
        return render_template("error.html", code=403, message=message), 403
    programmes = db.session.scalars(
        select(Programme).where(Programme.id.in_(scope.programme_ids), Programme.deleted.is_(False))
        .order_by(Programme.name)
    ).all()
    counts = {}
    for model, key in ((Participant, "participants"), (Cohort, "cohorts"), (TrainingSession, "sessions")):
        rows = db.session.execute(
            select(model.programme_id, func.count())
            .where(record_filter(scope, model), model.deleted.is_(False))
            .group_by(model.programme_id)
        )
        for programme_id, n in rows:
            counts.setdefault(programme_id, {})[key] = n
    open_conflicts = dict(db.session.execute(
        select(Conflict.programme_id, func.count())
        .where(Conflict.resolved_at.is_(None), Conflict.programme_id.in_(scope.programme_ids))
        .group_by(Conflict.programme_id)
    ).all())
    return render_template("review/home.html", programmes=programmes, counts=counts,
                           open_conflicts=open_conflicts)
