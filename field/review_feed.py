"""Review feed and record pages: what was synced, by whom, from which device; approve or flag."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from api.sync.changes import record_change
from models import SYNCED_MODELS, Cohort, Conflict, Membership, Participant, Review, Site, User, db
from security.audit import audit
from security.boundary import local_path

from . import bp
from .review_access import programme_page
from .review_feed_query import feed_page
from .review_records import FEED_ENTITIES, describe, entity_label, fields_of, load
from .review_schemas import REVIEW_STATES, FeedFilterSchema, ReviewSchema, error_messages


def _unknown_ids(programme, f: dict) -> dict:
    """Filter ids that are well-formed but not of this programme: a clear message each."""
    checks = {
        "cohort": (Cohort, Cohort.programme_id == programme.id, _("No such cohort in this programme.")),
        "site": (Site, Site.programme_id == programme.id, _("No such site in this programme.")),
        "participant": (Participant, Participant.programme_id == programme.id,
                        _("No such participant in this programme.")),
        "recorded_by": (User, User.id.in_(select(Membership.user_id).where(
            Membership.programme_id == programme.id)), _("No such person in this programme.")),
    }
    errors = {}
    for name, (model, belongs, message) in checks.items():
        if f.get(name) and db.session.scalar(select(model.id).where(model.id == f[name], belongs)) is None:
            errors[name] = [message]
    return errors


def _filter_options(programme):
    cohorts = db.session.execute(select(Cohort.id, Cohort.code, Cohort.name).where(
        Cohort.programme_id == programme.id, Cohort.deleted.is_(False)).order_by(Cohort.code).limit(500)).all()
    sites = db.session.execute(select(Site.id, Site.name).where(
        Site.programme_id == programme.id, Site.deleted.is_(False)).order_by(Site.name).limit(500)).all()
    staff = db.session.execute(select(User.id, User.display_name).where(User.id.in_(select(Membership.user_id).where(
        Membership.programme_id == programme.id))).order_by(User.display_name).limit(500)).all()
    return {"cohorts": cohorts, "sites": sites, "staff": staff,
            "entities": [(e, entity_label(e)) for e in FEED_ENTITIES], "states": REVIEW_STATES}


@bp.get("/review/<programme_id>/feed")
@programme_page
def review_feed(programme):
    schema = FeedFilterSchema()
    errors = error_messages(schema.validate(request.args))
    f = {} if errors else schema.load(request.args)
    errors = errors or _unknown_ids(programme, f)
    items, next_before, person = [], None, None
    if not errors:
        rows, next_before = feed_page(db.session, programme.id, f)
        ctx = load(db.session, [(r.entity, r.record_id) for r in rows])
        items = [describe(ctx["records"][(r.entity, r.record_id)], ctx, r.seq, r.at)
                 for r in rows if (r.entity, r.record_id) in ctx["records"]]
        if f.get("participant"):
            person = db.session.get(Participant, f["participant"])
        audit("read_list", user=current_user, entity="review_feed", programme_id=programme.id,
              detail={"count": len(items), "filters": {k: str(v) for k, v in f.items() if v}})
        db.session.commit()
    args = {k: v for k, v in request.args.items() if k not in ("before", "lang") and v}
    return render_template("review/feed.html", programme=programme, items=items, errors=errors, args=args,
                           next_before=next_before, options=_filter_options(programme), person=person,
                           paged=bool(f.get("before"))), (400 if errors else 200)


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
@programme_page
def review_record(programme, entity, record_id):
    record = _record_or_404(programme, entity, record_id)
    audit("read", user=current_user, entity=entity, record_id=record.id, programme_id=programme.id)
    db.session.commit()
    return _render_record(programme, record)


@bp.post("/review/<programme_id>/records/<entity>/<record_id>/review")
@programme_page
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
        "field.review_record", programme_id=programme.id, entity=entity, record_id=record.id))
