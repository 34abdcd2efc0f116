"""The conflict queue: both values side by side, who and when; resolve by choosing or writing a value."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import func, select

from api.sync.resolution import AlreadyResolved, RecordGone, conflict_in_programme, resolve
from api.sync.validate import Rejection
from api.sync.values import InvalidValue
from models import SYNCED_MODELS, Conflict, User, db
from reports.filters import error_messages
from security.audit import audit
from security.text import Text

from . import bp
from .describe import describe, load
from .formatting import is_boolean
from .schemas import ConflictResolutionSchema, ListFilterSchema, uuid_string

PAGE_SIZE = 20
STATES = ("open", "resolved", "all")


class ConflictFilterSchema(ListFilterSchema):
    state = Text(load_default="open")
    record = Text(load_default=None, validate=uuid_string)


def _conflict_page(programme, f):
    where = [Conflict.programme_id == programme.id]
    if f["state"] == "open":
        where.append(Conflict.resolved_at.is_(None))
    elif f["state"] == "resolved":
        where.append(Conflict.resolved_at.is_not(None))
    if f.get("record"):
        where.append(Conflict.record_id == f["record"])
    total = db.session.scalar(select(func.count()).select_from(Conflict).where(*where))
    order = Conflict.id.asc() if f["state"] == "open" else Conflict.id.desc()
    rows = db.session.scalars(select(Conflict).where(*where).order_by(order)
                              .offset((f["page"] - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return rows, total


def _render(programme, f, errors=None, form_errors=None, status=200):
    rows, total = _conflict_page(programme, f) if not errors else ([], 0)
    ctx = load(db.session, [(c.entity, c.record_id) for c in rows if c.entity in SYNCED_MODELS])
    records = {key: describe(record, ctx) for key, record in ctx["records"].items()}
    user_ids = {i for c in rows for i in (c.kept_by_id, c.other_by_id, c.resolved_by_id) if i}
    users = dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all())
    pages = max(1, -(-total // PAGE_SIZE))
    args = {k: v for k, v in f.items() if k in ("state", "record") and v}
    yes_no = {c.id for c in rows if c.kind == "field" and is_boolean(c.entity, c.field)}
    return render_template("review/conflicts.html", programme=programme, conflicts=rows, records=records,
                           yes_no=yes_no,
                           users=users, f=f, page=f["page"], pages=pages, total=total, args=args,
                           errors=errors or {}, form_errors=form_errors or {}, states=STATES), status


def _filters():
    schema = ConflictFilterSchema()
    errors = error_messages(schema.validate(request.args))
    f = {"state": "open", "page": 1, "record": None}
    if not errors:
        f = schema.load(request.args)
        if f["state"] not in STATES:
            errors = {"state": [_("Choose open, resolved or all.")]}
            f["state"] = "open"
    return f, errors


def _refusal(rejection: Rejection) -> list[str]:
    """Why the value was refused, in the reader's language: the field errors of the change, else its reason."""
    messages = list(dict.fromkeys(m for ms in error_messages(rejection.errors).values() for m in ms))
    if messages:
        return messages
    if rejection.reason == "forbidden":
        return [_("This value points at a record outside what you coordinate.")]
    return [_("This value cannot be saved in this field.")]


@bp.get("/review/<programme_id>/conflicts")
def review_conflicts(programme):
    f, errors = _filters()
    return _render(programme, f, errors, status=400 if errors else 200)


@bp.post("/review/<programme_id>/conflicts/<int:conflict_id>/resolve")
def review_resolve(programme, conflict_id):
    conflict = conflict_in_programme(db.session, conflict_id, programme.id)
    if conflict is None:
        abort(404)
    f = {"state": "open", "page": 1, "record": None}
    try:
        data = ConflictResolutionSchema().load(request.form)
        record = resolve(db.session, conflict, current_user, data["choice"], data["value"])
    except ValidationError as exc:
        return _render(programme, f, form_errors={conflict_id: error_messages(exc.messages)}, status=400)
    except InvalidValue as exc:
        db.session.rollback()
        return _render(programme, f, form_errors={conflict_id: {"value": [str(exc)]}}, status=400)
    except Rejection as exc:
        db.session.rollback()
        return _render(programme, f, form_errors={conflict_id: {"value": _refusal(exc)}}, status=400)
    except AlreadyResolved as exc:
        db.session.rollback()
        done = exc.conflict
        who = db.session.get(User, done.resolved_by_id) if done.resolved_by_id else None
        flash(_("This conflict was already resolved by %(name)s at %(time)s. Nothing was changed.",
                name=who.display_name if who else _("someone"), time=format_datetime(done.resolved_at, "short")),
              "error")
        return _render(programme, {**f, "state": "all", "record": done.record_id}, status=409)
    except RecordGone:
        db.session.rollback()
        flash(_("The record was deleted since; there is nothing to write the value into. Nothing was changed."),
              "error")
        return _render(programme, f, status=409)
    audit("resolve_conflict", user=current_user, entity=conflict.entity, record_id=conflict.record_id,
          programme_id=programme.id, detail={"conflict_id": conflict_id, "choice": data["choice"],
                                             "version": getattr(record, "version", None)})
    db.session.commit()
    flash(_("Conflict resolved. Devices receive the value on their next sync."), "success")
    return redirect(url_for("review.review_conflicts", programme_id=programme.id))
