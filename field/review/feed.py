"""The review feed: what was synced, by whom, from which device, newest first, with filters."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Cohort, Membership, Participant, Site, User, db
from reports.filters import error_messages
from security.audit import audit

from . import bp
from .describe import FEED_ENTITIES, describe, entity_label, load
from .feed_query import feed_page
from .schemas import REVIEW_STATES, FeedFilterSchema


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
