"""Coordinators translate occupation, skill and rubric-level names; phones pull them as changes.

Occupations are organisation-wide. Who may edit one: coordinators (and admins)
of a programme with a cohort in that occupation, on that programme's page; an
occupation no cohort of the programme uses answers 404 there. A changed
occupation (its rubric levels travel inside its wire record) or skill is
written with ``record_change`` and to the audit log.
"""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from api.sync.changes import record_change
from models import Cohort, Occupation, db
from security.audit import audit

from . import bp
from .translation_schemas import OccupationLabelsSchema, entries_from_form, errors_by_name


def _occupations(programme):
    used = select(Cohort.occupation_id).where(Cohort.programme_id == programme.id, Cohort.deleted.is_(False))
    return db.session.scalars(select(Occupation).where(Occupation.id.in_(used), Occupation.deleted.is_(False))
                              .order_by(Occupation.name)).all()


def _render(programme, errors=None, values=None, status=200):
    return render_template("review/translations.html", programme=programme, occupations=_occupations(programme),
                           languages=current_app.config["LANGUAGES"], errors=errors or {},
                           values=values or {}), status


@bp.get("/review/<programme_id>/translations")
def review_translations(programme):
    return _render(programme)


def _merged(labels: dict, edits: dict) -> dict:
    """``labels`` with each edited language set (or dropped when emptied); other keys kept."""
    out = dict(labels or {})
    for lang, text in edits.items():
        if text:
            out[lang] = text
        else:
            out.pop(lang, None)
    return out


def apply(occupation, entries) -> list:
    """Write the entries into the occupation, its rubric and skills; returns the synced records changed.

    Raises ValidationError for an entry naming a skill or level that is not the occupation's.
    """
    skills = {s.id: s for s in occupation.skills if not s.deleted}
    levels = {str(r.level): r for r in occupation.rubric}
    edits = {}
    for i, e in enumerate(entries):
        owner = {"occupation": occupation if e["target"] == occupation.id else None, "skill": skills.get(e["target"]),
                 "rubric": levels.get(e["target"]), "description": levels.get(e["target"])}[e["kind"]]
        if owner is None:
            raise ValidationError({"entries": {i: {"target": [_("This is not part of the occupation.")]}}})
        part = "description" if e["kind"] == "description" else "labels"
        edits.setdefault((id(owner), part), (owner, part, {}))[2][e["lang"]] = e["text"]
    changed = []
    for owner, part, langs in edits.values():
        if part == "description":
            new = _merged((owner.labels or {}).get("description") or {}, langs)
            updated = {**(owner.labels or {}), "description": new} if new else \
                {k: v for k, v in (owner.labels or {}).items() if k != "description"}
        else:
            updated = _merged(owner.labels, langs)
        if updated != (owner.labels or {}):
            owner.labels = updated
            changed.append(occupation if owner in occupation.rubric else owner)
    unique = []
    for record in changed:
        if record not in unique:
            unique.append(record)
    return unique


@bp.post("/review/<programme_id>/translations/<occupation_id>")
def review_save_translations(programme, occupation_id):
    occupation = next((o for o in _occupations(programme) if o.id == occupation_id), None)
    if occupation is None:
        abort(404)
    entries, names = entries_from_form(request.form)
    values = {occupation.id: dict(request.form)}
    try:
        data = OccupationLabelsSchema().load({"entries": entries})
        changed = apply(occupation, data["entries"])
    except ValidationError as exc:
        db.session.rollback()
        return _render(programme, {occupation_id: errors_by_name(exc.messages, names)}, values, status=400)
    for record in changed:
        record.updated_by_id = current_user.id
        record_change(db.session, record)
        audit("edit_labels", user=current_user, entity=record.entity, record_id=record.id,
              programme_id=programme.id, detail={"version": record.version})
    db.session.commit()
    flash(_("Translations saved. Devices receive them on their next sync.") if changed else
          _("Nothing was changed."), "success")
    return redirect(url_for("review.review_translations", programme_id=programme.id) + f"#occ-{occupation.id}")
