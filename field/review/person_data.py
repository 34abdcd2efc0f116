"""A person's data on request: export everything held about one participant, or erase it (GDPR).

Coordinators (and admins) of the programme only (``access.py``: 404 for a programme not theirs,
403 for its trainers and mentors); a participant of another programme, or an id that is not one,
answers 404. Both actions are audited. The domain work is in api/person_export.py (export) and
api/sync/erasure.py (erasure, through the one write path).
"""
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from api.sync.erasure import erase_participant, erasure_plan
from api.sync.validate import Rejection
from models import Participant, db
from reports.filters import error_messages
from api.person_export import person_export
from security.audit import audit

from . import bp
from .schemas import ErasureSchema, uuid_string


def _person_or_404(programme, participant_id: str) -> Participant:
    try:
        uuid_string(participant_id)
    except ValidationError:
        abort(404)
    person = db.session.scalar(select(Participant).where(
        Participant.id == participant_id.lower(), Participant.programme_id == programme.id))
    if person is None:
        abort(404)
    return person


@bp.get("/review/<programme_id>/participants/<participant_id>/export.json")
def review_person_export(programme, participant_id):
    person = _person_or_404(programme, participant_id)
    doc = person_export(db.session, programme, person, current_user)
    audit("export_person", user=current_user, entity="participant", record_id=person.id, programme_id=programme.id,
          detail={"counts": doc["counts"]})
    db.session.commit()
    body = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False)
    response = Response(body, mimetype="application/json; charset=utf-8")
    stamp = doc["exported_at"][:10]
    response.headers["Content-Disposition"] = f'attachment; filename="person-{person.id}-{stamp}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _render_erase(programme, person, errors=None, status=200):
    return render_template("review/erase.html", programme=programme, person=person,
                           plan=erasure_plan(db.session, person), errors=errors or {}), status


@bp.get("/review/<programme_id>/participants/<participant_id>/erase")
def review_person_erase(programme, participant_id):
    person = _person_or_404(programme, participant_id)
    if person.erased_at is not None:
        flash(_("This person's data was already erased."), "success")
        return redirect(url_for("review.review_participant", programme_id=programme.id, participant_id=person.id))
    return _render_erase(programme, person)


@bp.post("/review/<programme_id>/participants/<participant_id>/erase")
def review_person_erase_submit(programme, participant_id):
    person = _person_or_404(programme, participant_id)
    if person.erased_at is not None:
        flash(_("This person's data was already erased."), "success")
        return redirect(url_for("review.review_participant", programme_id=programme.id, participant_id=person.id))
    errors = error_messages(ErasureSchema().validate(request.form))
    if errors:
        return _render_erase(programme, person, errors, 400)
    try:
        erase_participant(db.session, current_user, person)
    except Rejection as exc:
        db.session.rollback()
        messages = [m for ms in error_messages(exc.errors).values() for m in ms] or [
            _("The server did not accept this change.")]
        return _render_erase(programme, person, {"confirm": messages}, 409)
    db.session.commit()
    flash(_("The person's data was erased. Phones remove it at their next sync."), "success")
    return redirect(url_for("review.review_participant", programme_id=programme.id, participant_id=person.id))
