"""A synced record as a coordinator sees it (values, who wrote each, reviews, conflicts); approve or flag it.

A flag reaches the recording device as a pulled ``review`` record.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from api.sync.changes import record_change
from models import SYNCED_MODELS, Conflict, Review, User, db
from reports.filters import error_messages
from security.audit import audit
from security.boundary import local_path

from . import bp
from .describe import FEED_ENTITIES, describe, fields_of, load
from .schemas import ReviewSchema


def _record_or_404(programme, entity: str, record_id: str):
    if entity not in FEED_ENTITIES:
        abort(404)
    model = SYNCED_MODELS[entity]
    record = db.session.scalar(select(model).where(model.id == record_id, model.programme_id == programme.id))
    if record is None:
        abort(404)
    return record


def _render_record(programme, record, errors=None, form=None, status=200):
    ctx = load(db.session, [(record.entity, record.id)])
    reviews = db.session.execute(
        select(Review, User.display_name).outerjoin(User, User.id == Review.reviewer_id)
        .where(Review.record_id == record.id, Review.record_entity == record.entity).order_by(Review.version.desc())
    ).all()
    conflicts = db.session.scalars(select(Conflict).where(
        Conflict.record_id == record.id, Conflict.entity == record.entity).order_by(Conflict.id.desc())).all()
    users = {u.id: u.display_name for u in db.session.scalars(select(User).where(
        User.id.in_({m[2] for _n, _v, m in fields_of(record) if isinstance(m, list) and len(m) > 2})))}
    return render_template("review/record.html", programme=programme, record=record,
                           item=describe(record, ctx), fields=fields_of(record, ctx), reviews=reviews,
                           conflicts=conflicts, users=users, errors=errors or {}, form=form or {},
                           next_url=_safe_next(request.values.get("next"))), status


def _safe_next(target):
    if target and target.startswith("/review/") and local_path(target):
        return target
    return None


@bp.get("/review/<programme_id>/records/<entity>/<record_id>")
def review_record(programme, entity, record_id):
    record = _record_or_404(programme, entity, record_id)
    audit("read", user=current_user, entity=entity, record_id=record.id, programme_id=programme.id)
    db.session.commit()
    return _render_record(programme, record)


@bp.post("/review/<programme_id>/records/<entity>/<record_id>/review")
def review_submit(programme, entity, record_id):
    record = _record_or_404(programme, entity, record_id)
    schema = ReviewSchema()
    errors = error_messages(schema.validate(request.form))
    if errors:
        return _render_record(programme, record, errors, request.form, 400)
    data = schema.load(request.form)
    keys = record.scope_keys()
    review = Review(record_entity=entity, record_id=record.id, record_version=record.version,
                    programme_id=programme.id, cohort_id=keys.get("cohort_id"),
                    participant_id=keys.get("participant_id"), status=data["status"],
                    comment=data["comment"].strip(), reviewer_id=current_user.id, updated_by_id=current_user.id,
                    recorded_by_id=record.updated_by_id, recorded_device_id=record.updated_device_id)
    db.session.add(review)
    record_change(db.session, review)
    audit("review", user=current_user, entity=entity, record_id=record.id, programme_id=programme.id,
          detail={"status": review.status})
    db.session.commit()
    flash(_("Flagged: the note goes to the recording device on its next sync.") if review.status == "flagged"
          else _("Approved."), "success")
    return redirect(_safe_next(request.form.get("next")) or url_for(
        "review.review_record", programme_id=programme.id, entity=entity, record_id=record.id))
