"""A delete of an id the server never saw (SYNC.md rule 6) still leaves a tombstone.

Such a tombstone lives only in the change log (op ``delete``): the entity's
table needs every required column, which a bare delete does not carry. It
keeps the id from ever coming back. Scoping it: the delete may carry the
record's references in ``data`` (``session_id`` + ``participant_id`` for
attendance, ``participant_id``, ``cohort_id``, ``programme_id``, ``form_id``);
they must exist and be in the caller's scope, and the tombstone takes their
scope. Without references the tombstone has no scope (nobody pulls it) — safe
for the random UUIDv4 ids of other entities, but attendance ids are derived
from their natural key, so an attendance tombstone must name its session and
participant (else anyone could tombstone another programme's attendance).
"""
from flask_babel import gettext as _

from models import attendance_id

from .validate import Rejection

_REFS = {
    "participant": (("programme_id", "programme"), ("cohort_id", "cohort")),
    "session": (("cohort_id", "cohort"),),
    "attendance": (("session_id", "session"), ("participant_id", "participant")),
    "assessment": (("participant_id", "participant"),),
    "mentoring_goal": (("participant_id", "participant"),),
    "outcome": (("participant_id", "participant"),),
    "survey_response": (("form_id", "survey_form"), ("participant_id", "participant")),
}
_NONE = {"programme_id": None, "cohort_id": None, "participant_id": None}


def _references(batch, entity: str, data: dict, strict: bool) -> dict:
    found, errors = {}, {}
    for name, ref_entity in _REFS[entity]:
        value = data.get(name)
        if value is None:
            continue
        record = batch.get(ref_entity, value) if isinstance(value, str) and len(value) == 36 else None
        if record is None:
            errors[name] = [_("No such record.")]
        else:
            found[name] = record
    if errors and strict:
        raise Rejection("validation", errors)
    return found


def _keys(entity: str, record_id: str, refs: dict) -> dict:
    keys = dict(_NONE)
    if entity == "participant":
        keys.update(programme_id=refs["programme_id"].id if "programme_id" in refs else None,
                    cohort_id=refs["cohort_id"].id if "cohort_id" in refs else None, participant_id=record_id)
        if keys["programme_id"] is None:
            return dict(_NONE)
    for name in ("cohort_id", "session_id", "form_id"):
        if name in refs and entity != "participant":
            keys["programme_id"] = refs[name].programme_id
            if name != "form_id":
                keys["cohort_id"] = refs[name].cohort_id if name == "session_id" else refs[name].id
    if "participant_id" in refs and entity != "participant":
        person = refs["participant_id"]
        keys.update(programme_id=person.programme_id, cohort_id=keys["cohort_id"] or person.cohort_id,
                     participant_id=person.id)
    return keys


def delete_unknown(batch, scope, entity: str, record_id: str, data: dict) -> dict:
    """The scope keys of a tombstone for an unknown id, or a Rejection."""
    refs = _references(batch, entity, data, strict=True)
    if entity == "attendance":
        if "session_id" not in refs or "participant_id" not in refs:
            raise Rejection("validation", {"session_id": [
                _("Deleting an attendance the server never had needs its session_id and participant_id.")]})
        if attendance_id(refs["session_id"].id, refs["participant_id"].id) != record_id:
            raise Rejection("validation", {"id": [
                _("An attendance id must be the UUIDv5 of \"<session_id>:<participant_id>\".")]})
    keys = _keys(entity, record_id, refs)
    if keys["programme_id"] is not None and not scope.allows(entity, keys):
        raise Rejection("forbidden", {})
    return keys


def tombstone_programme(batch, entity: str, tomb: dict, data: dict) -> str | None:
    """The programme a conflict on a tombstone is filed under (from the tombstone or the upsert's data)."""
    if tomb and tomb.get("programme_id"):
        return tomb["programme_id"]
    return _keys(entity, "", _references(batch, entity, data, strict=False))["programme_id"]
