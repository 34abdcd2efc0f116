"""Erasing a participant's personal data on request (GDPR art. 17), as ordinary changes phones pull.

``erase_participant`` marks the person erased (``erased_at``, which locks their personal fields:
api/sync/erased.py) and writes the erased values through the one write path
(``server_write`` → ``push``), so every phone receives them at its next pull, an offline one
too. What stays: a pseudonymous row (code ``X-…``, gender, birth year, target groups, cohort,
dates) and the numbers of their records (attendance, levels, outcomes), so the indicators keep
their counts. What goes, besides: the names in the notes of their cohort's group sessions, in
reviews, in the conflict log's stored values, in the audit log's before/after details and in
notification details. The erasure itself is audited (who, when, which person, what was changed).
"""
import re
from datetime import datetime, timezone

from sqlalchemy import or_, select

from models import (Assessment, Attendance, AuditLog, Conflict, HandoverNote, MentoringGoal, Outcome, Participant,
                    PushDelivery, Review, SurveyForm, SurveyResponse, TrainingSession)
from security.audit import audit

from .changes import record_change
from .erased import ERASED_FIELDS, PLACEHOLDER, erased_answers, erased_values, pseudonym
from .server_write import server_write

#: the person's own records, besides the participant row
OWN_MODELS = (Attendance, Assessment, MentoringGoal, HandoverNote, Outcome, SurveyResponse)
#: session fields where a group note may name the person
SESSION_TEXT = ("topic", "notes")


class NamePattern:
    """Whole-word, case-insensitive occurrences of the person's names (full name first)."""

    def __init__(self, person, replacement: str):
        names = {f"{person.given_name} {person.family_name}", f"{person.family_name} {person.given_name}",
                 person.given_name, person.family_name}
        words = sorted({n.strip() for n in names if n and len(n.strip()) >= 2 and n.strip() != PLACEHOLDER},
                       key=len, reverse=True)
        self.replacement = replacement
        self.regex = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                                re.IGNORECASE) if words else None

    def found(self, text) -> bool:
        return bool(self.regex and isinstance(text, str) and self.regex.search(text))

    def sub(self, text):
        return self.regex.sub(self.replacement, text) if self.found(text) else text


def _own_records(session, person):
    for model in OWN_MODELS:
        yield from session.scalars(select(model).where(model.participant_id == person.id).order_by(model.id))


def _group_sessions(session, person):
    """The sessions the person attended and those of their cohort: the group notes that may name them."""
    attended = select(Attendance.session_id).where(Attendance.participant_id == person.id)
    where = [TrainingSession.id.in_(attended)]
    if person.cohort_id:
        where.append(TrainingSession.cohort_id == person.cohort_id)
    return session.scalars(select(TrainingSession).where(or_(*where)).order_by(TrainingSession.id)).all()


def _form(session, record):
    return session.get(SurveyForm, record.form_id) if record.entity == "survey_response" else None


def erasure_plan(session, person) -> dict:
    """What an erasure of ``person`` would change, counted (for the confirmation page)."""
    names = NamePattern(person, pseudonym(person.id))
    own = {}
    for record in _own_records(session, person):
        if erased_values(record.entity, record, _form(session, record)):
            own[record.entity] = own.get(record.entity, 0) + 1
    sessions = sum(1 for s in _group_sessions(session, person) if any(names.found(getattr(s, f)) for f in SESSION_TEXT))
    ids = [person.id] + [r.id for r in _own_records(session, person)]
    reviews = session.scalar(select(Review.id).where(or_(Review.participant_id == person.id,
                                                         Review.record_id.in_(ids))).limit(1)) is not None
    conflicts = len(session.scalars(select(Conflict.id).where(Conflict.record_id.in_(ids))).all())
    return {"records": own, "sessions": sessions, "conflicts": conflicts, "reviews": reviews,
            "pseudonym": pseudonym(person.id)}


def _scrub(entity: str, value, names: NamePattern, form=None):
    """``value`` (a stored JSON value: a record's fields, a conflict's side, an audit detail) without personal data."""
    if isinstance(value, dict):
        erased = dict(ERASED_FIELDS.get(entity, {}))
        if entity == "participant":
            erased["code"] = names.replacement
        out = {}
        for key, inner in value.items():
            if key in erased and inner not in (None, ""):
                out[key] = erased[key]
            elif entity == "survey_response" and key == "answers":
                out[key] = _scrub("", erased_answers(inner, form), names)
            else:
                out[key] = _scrub(entity, inner, names, form)
        return out
    if isinstance(value, list):
        return [_scrub(entity, v, names, form) for v in value]
    return names.sub(value) if isinstance(value, str) else value


def _field_value(entity: str, field, value, names: NamePattern, form=None):
    """A conflict's stored value of one field, erased."""
    if field is None:
        return _scrub(entity, value, names, form)
    return _scrub(entity, {field: value}, names, form)[field]


def erase_participant(session, user, person, now: datetime | None = None) -> dict:
    """Erase ``person``'s personal data as ``user`` (in the caller's transaction; the caller commits).

    Raises ``validate.Rejection`` when a write is refused (the caller rolls back: nothing is erased).
    Returns what was changed, counted.
    """
    now = now or datetime.now(timezone.utc)
    names = NamePattern(person, pseudonym(person.id))
    person.erased_at = person.erased_at or now  # first: the lock lets only erased values in from now on
    counts = {}

    def write(record, values):
        counts[record.entity] = counts.get(record.entity, 0) + 1
        if record.deleted:  # a tombstone takes no change; its stored data is cleared in place
            for name, value in values.items():
                setattr(record, name, value)
            return
        server_write(session, user, record.entity, record.id, {k: v for k, v in values.items()}, now=now,
                     action="erase", erasure=True)

    values = erased_values("participant", person)
    if values:
        write(person, values)
    own = list(_own_records(session, person))
    forms = {}
    for record in own:
        form = _form(session, record)
        forms[record.id] = form
        values = erased_values(record.entity, record, form)
        if values:
            write(record, values)
    sessions = _group_sessions(session, person)
    for record in sessions:
        values = {f: names.sub(getattr(record, f)) for f in SESSION_TEXT if names.found(getattr(record, f))}
        if values:
            write(record, values)

    ids = {person.id: ("participant", None)} | {r.id: (r.entity, forms.get(r.id)) for r in own} | \
          {s.id: ("session", None) for s in sessions}
    id_list = list(ids)
    session.flush()
    for review in session.scalars(select(Review).where(or_(Review.participant_id == person.id,
                                                           Review.record_id.in_(id_list)))):
        own_record = review.participant_id == person.id
        comment = "" if own_record else names.sub(review.comment)
        if comment != review.comment:
            review.comment = comment
            review.updated_at = now
            record_change(session, review)
            counts["review"] = counts.get("review", 0) + 1
    for conflict in session.scalars(select(Conflict).where(Conflict.record_id.in_(id_list))):
        entity, form = ids.get(conflict.record_id, (conflict.entity, None))
        conflict.kept_value = _field_value(entity, conflict.field, conflict.kept_value, names, form)
        conflict.other_value = _field_value(entity, conflict.field, conflict.other_value, names, form)
        if isinstance(conflict.resolution, dict) and conflict.resolution.get("value") is not None:
            conflict.resolution = {**conflict.resolution,
                                   "value": _field_value(entity, conflict.field, conflict.resolution["value"], names,
                                                         form)}
        counts["conflict"] = counts.get("conflict", 0) + 1
    for row in session.scalars(select(AuditLog).where(AuditLog.record_id.in_(id_list))):
        entity, form = ids[row.record_id]
        detail = _scrub(entity, row.detail or {}, names, form)
        if detail != row.detail:
            row.detail = detail
    for row in session.scalars(select(PushDelivery).where(PushDelivery.subject_id.in_(id_list))):
        detail = _scrub("", row.detail or {}, names)
        if detail != row.detail:
            row.detail = detail
    audit("erase_participant", user=user, entity="participant", record_id=person.id, programme_id=person.programme_id,
          detail={"counts": counts, "pseudonym": names.replacement})
    return counts


def is_erased(person: Participant) -> bool:
    return person.erased_at is not None
