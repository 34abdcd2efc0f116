"""Scoped reads: GET /api/v1/<entity> and /api/v1/<entity>/<id>.

Every query goes through security.scope.record_filter; a record outside the
caller's scope is answered 404, exactly like one that does not exist.
"""
from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from models import SYNCED_MODELS, db
from security.audit import audit
from security.scope import record_filter

from . import bp
from .auth_guard import token_required
from .errors import api_abort
from .sync.serialize import wire_record

#: entities whose reads are personal data and so written to the audit log
PERSONAL = frozenset({"participant", "attendance", "assessment", "mentoring_goal", "outcome", "survey_response"})
MAX_PER_PAGE = 500
#: the URL part naming an entity matches only real entity names, so other paths 404/405 as usual
ENTITY = "<any(" + ", ".join(sorted(SYNCED_MODELS)) + "):entity>"


def _model(entity: str):
    model = SYNCED_MODELS.get(entity)
    if model is None:
        api_abort(404, _("Unknown entity: %(entity)s.", entity=entity))
    return model


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        api_abort(400, _("%(name)s must be a whole number.", name=name), {name: [_("Not a number.")]})
    if not low <= value <= high:
        api_abort(400, _("%(name)s must be between %(low)s and %(high)s.", name=name, low=low, high=high),
                  {name: [_("Out of range.")]})
    return value


@bp.get(f"/{ENTITY}")
@token_required
def list_records(entity):
    model = _model(entity)
    page = _int_arg("page", 1, 1, 10**6)
    per_page = _int_arg("per_page", 100, 1, MAX_PER_PAGE)
    where = [record_filter(g.scope, model), model.deleted.is_(False)]
    if "programme_id" in request.args and hasattr(model, "programme_id"):
        where.append(model.programme_id == request.args["programme_id"])
    total = db.session.scalar(select(func.count()).select_from(model).where(*where))
    rows = db.session.scalars(
        select(model).where(*where).order_by(model.version).offset((page - 1) * per_page).limit(per_page)
    ).all()
    if entity in PERSONAL and rows:
        audit("read_list", entity=entity, detail={"count": len(rows), "page": page})
        db.session.commit()
    return jsonify(items=[wire_record(r) for r in rows], page=page, per_page=per_page, total=total)


@bp.get(f"/{ENTITY}/<record_id>")
@token_required
def get_record(entity, record_id):
    model = _model(entity)
    record = db.session.scalar(select(model).where(model.id == record_id, record_filter(g.scope, model)))
    if record is None:
        api_abort(404)
    if entity in PERSONAL:
        audit("read", entity=entity, record_id=record.id, programme_id=getattr(record, "programme_id", None))
        db.session.commit()
    return jsonify(wire_record(record))
