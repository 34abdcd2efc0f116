"""A delete of an id the server never saw (SYNC.md rule 6) still leaves a tombstone.

Such a tombstone lives only in the change log (op ``delete``): the entity's
table needs every required column, which a bare delete does not carry. It
keeps the id from ever coming back. Scoping it: when the delete carries, in
``data``, the references that place the record (``PLACED_BY``: ``programme_id``
of a participant, ``cohort_id`` of a session, ``session_id`` + ``participant_id``
of an attendance, ``participant_id`` of an assessment, goal, outcome or handover note,
``form_id`` of a survey response), they must exist and be the caller's to
write (``Scope.may_write``), and the tombstone takes their scope; an upsert to
it is judged against it (api/sync/push.py ``upsert_deleted``). A bare delete
(no references) still leaves a tombstone, of no programme: an upsert to it is
judged by what it carries — its schema, rules and the caller's write scope —
before anything is filed, and is filed under the programme of those values.
"""
from flask_babel import gettext as _

from models import attendance_id
from security.scope import session_author

from .validate import Rejection

_REFS = {
    "participant": (("programme_id", "programme"), ("cohort_id", "cohort")),
    "session": (("cohort_id", "cohort"),),
    "attendance": (("session_id", "session"), ("participant_id", "participant")),
    "assessment": (("participant_id", "participant"),),
    "mentoring_goal": (("participant_id", "participant"),),
    "outcome": (("participant_id", "participant"),),
    "handover_note": (("participant_id", "participant"),),
    "survey_response": (("form_id", "survey_form"), ("participant_id", "participant")),
}
#: the references a delete of an unknown id must carry, so that its tombstone has a programme
PLACED_BY = {entity: (refs[0][0],) for entity, refs in _REFS.items()}
PLACED_BY["attendance"] = ("session_id", "participant_id")
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
        # an attendance takes its session's cohort: none for a private mentoring session's
        cohort_id = keys["cohort_id"] if "session_id" in refs else keys["cohort_id"] or person.cohort_id
        keys.update(programme_id=person.programme_id, cohort_id=cohort_id, participant_id=person.id)
    return keys


def delete_unknown(batch, scope, caller_id: str, entity: str, record_id: str, data: dict) -> dict:
    """The scope keys of a tombstone for an unknown id, or a Rejection."""
    missing = [name for name in PLACED_BY[entity] if data.get(name) is None]
    if entity != "attendance" and len(missing) == len(PLACED_BY[entity]):
        return dict(_NONE)  # a bare delete (SYNC.md rule 6): a tombstone of no programme, which nobody pulls
    if entity == "attendance" and missing:  # its id is made from them (rule 7): it must name them
        raise Rejection("validation", {"session_id": [
            _("Deleting an attendance the server never had needs its session_id and participant_id.")]})
    refs = _references(batch, entity, data, strict=True)
    author = caller_id if entity == "session" else None
    if entity == "attendance":
        if attendance_id(refs["session_id"].id, refs["participant_id"].id) != record_id:
            raise Rejection("validation", {"id": [
                _("An attendance id must be the UUIDv5 of \"<session_id>:<participant_id>\".")]})
        author = session_author(refs["session_id"])
    keys = _keys(entity, record_id, refs)
    if not scope.may_write(entity, keys, author):
        raise Rejection("forbidden", {})
    return keys
