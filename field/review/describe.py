"""Synced records as a coordinator sees them: one line of summary, who/where/when, latest review."""
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from api.sync.hlc import time_of
from api.sync.serialize import wire_fields
from models import (SYNCED_MODELS, Cohort, DeviceToken, Participant, Review, Skill, SurveyForm, TrainingSession,
                    User)

from ..labels import page_label
from .choice_labels import attendance_label, outcome_label

#: entities phones write: the ones a coordinator reviews
FEED_ENTITIES = ("participant", "session", "attendance", "assessment", "mentoring_goal", "outcome", "survey_response",
                 "handover_note")


def entity_label(entity: str) -> str:
    return {
        "participant": _("Participant"), "session": _("Session"), "attendance": _("Attendance"),
        "assessment": _("Assessment"), "mentoring_goal": _("Mentoring goal"), "outcome": _("Outcome"),
        "survey_response": _("Survey response"), "handover_note": _("Handover note"),
    }.get(entity, entity)


def recorded_at(record) -> datetime | None:
    """When the record was written on the device: the newest HLC time in field_meta, else created_at."""
    stamps = [entry[0] for entry in (record.field_meta or {}).values()
              if isinstance(entry, list) and entry and isinstance(entry[0], str)]
    return (time_of(max(stamps)) if stamps else None) or record.created_at


def _by_id(session, model, ids, *columns):
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {row[0]: row for row in session.execute(select(model.id, *columns).where(model.id.in_(ids)))}


def device_names(session, device_ids) -> dict:
    """(user_id, device_id) → the name the user last gave that device.

    A device is a user's: a phone shared by two users (or a token issued to another user
    with the same device_id) has one name per user, and a record shows its writer's.
    """
    if not device_ids:
        return {}
    d = DeviceToken
    newest = (select(d.user_id, d.device_id, func.max(d.created_at).label("at"))
              .where(d.device_id.in_(device_ids)).group_by(d.user_id, d.device_id).subquery())
    rows = session.execute(
        select(d.user_id, d.device_id, d.device_name)
        .join(newest, (newest.c.user_id == d.user_id) & (newest.c.device_id == d.device_id)
              & (newest.c.at == d.created_at)))
    return {(user_id, device_id): name for user_id, device_id, name in rows}


def load(session, refs) -> dict:
    """Records and what describes them, for (entity, record_id) refs, in a few batched queries."""
    records = {}
    by_entity = {}
    for entity, record_id in refs:
        by_entity.setdefault(entity, set()).add(record_id)
    for entity, ids in by_entity.items():
        model = SYNCED_MODELS[entity]
        for record in session.scalars(select(model).where(model.id.in_(ids))):
            records[(entity, record.id)] = record
    rows = list(records.values())
    ids = {"participant": set(), "session": set(), "skill": set(), "form": set(), "user": set(), "device": set(),
           "cohort": set()}
    for r in rows:
        ids["participant"].add(getattr(r, "participant_id", None) or (r.id if r.entity == "participant" else None))
        ids["session"].add(getattr(r, "session_id", None))
        ids["skill"].add(getattr(r, "skill_id", None))
        ids["form"].add(getattr(r, "form_id", None))
        ids["cohort"].add(getattr(r, "cohort_id", None))
        ids["user"].update({r.updated_by_id, getattr(r, "mentor_id", None)})
        if r.updated_device_id:
            ids["device"].add(r.updated_device_id)
    devices = device_names(session, ids["device"])
    reviews = {}
    if records:
        for review in session.scalars(
            select(Review).where(Review.record_id.in_({rid for _e, rid in records}), Review.deleted.is_(False))
            .order_by(Review.version)
        ):
            reviews[(review.record_entity, review.record_id)] = review  # the last one wins: the latest
    return {
        "records": records,
        "participants": _by_id(session, Participant, ids["participant"], Participant.code, Participant.given_name,
                               Participant.family_name, Participant.gender),
        "sessions": _by_id(session, TrainingSession, ids["session"], TrainingSession.date, TrainingSession.topic),
        "skills": _by_id(session, Skill, ids["skill"], Skill.name, Skill.labels),
        "forms": _by_id(session, SurveyForm, ids["form"], SurveyForm.title),
        "cohorts": _by_id(session, Cohort, ids["cohort"], Cohort.code, Cohort.site_id),
        "users": _by_id(session, User, ids["user"], User.display_name),
        "devices": devices,
        "reviews": reviews,
    }


def summary(record, ctx) -> str:
    """One line saying what the record is about, for the feed."""
    e = record.entity
    person = ctx["participants"].get(getattr(record, "participant_id", None))
    who = f"{person.code} {person.given_name} {person.family_name}" if person else ""
    if e == "participant":
        return f"{record.code} {record.given_name} {record.family_name}"
    if e == "session":
        return f"{format_date(record.date)} · {record.topic}"
    if e == "attendance":
        s = ctx["sessions"].get(record.session_id)
        return _("%(person)s: %(status)s on %(date)s", person=who, status=attendance_label(record.status, person.gender if person else None),
                 date=format_date(s.date) if s else "?")
    if e == "assessment":
        skill = ctx["skills"].get(record.skill_id)
        return _("%(person)s: %(skill)s level %(level)s", person=who, skill=page_label(skill) if skill else "?",
                 level=record.level)
    if e == "mentoring_goal":
        return f"{who}: {record.title}"
    if e == "handover_note":
        return f"{who}: {format_date(record.written_on)}"
    if e == "outcome":
        return f"{who}: {outcome_label(record.kind)} · {format_date(record.started_on)}"
    if e == "survey_response":
        form = ctx["forms"].get(record.form_id)
        return f"{form.title if form else '?'} · {format_date(record.collected_on)}" + (f" · {who}" if who else "")
    return record.id


def describe(record, ctx, seq=None, synced_at=None) -> dict:
    """Everything a feed row or record page shows about one record."""
    key = (record.entity, record.id)
    user = ctx["users"].get(record.updated_by_id)
    cohort = ctx["cohorts"].get(getattr(record, "cohort_id", None))
    return {
        "entity": record.entity, "entity_label": entity_label(record.entity), "id": record.id, "seq": seq,
        "summary": summary(record, ctx), "deleted": record.deleted, "version": record.version,
        "recorded_by": user.display_name if user else None,
        "device": ctx["devices"].get((record.updated_by_id, record.updated_device_id)) or record.updated_device_id,
        "recorded_at": recorded_at(record), "synced_at": synced_at or record.updated_at,
        "cohort": cohort.code if cohort else None, "review": ctx["reviews"].get(key),
    }


def _reference(name: str, value, ctx):
    """A referenced record's human name instead of its id, where the page knows it."""
    lookups = {
        "participant_id": lambda r: f"{r.code} {r.given_name} {r.family_name}",
        "session_id": lambda r: f"{format_date(r.date)} · {r.topic}",
        "cohort_id": lambda r: r.code, "skill_id": lambda r: r.name, "form_id": lambda r: r.title,
        "mentor_id": lambda r: r.display_name,
    }
    table = {"participant_id": "participants", "session_id": "sessions", "cohort_id": "cohorts",
             "skill_id": "skills", "form_id": "forms", "mentor_id": "users"}.get(name)
    row = ctx[table].get(value) if table else None
    if row is not None:
        return lookups[name](row)
    return value[:8] + "…" if name.endswith("_id") and isinstance(value, str) else value


def fields_of(record, ctx=None) -> list[tuple[str, object, list | None]]:
    """(field, value, field_meta entry) of every wire field, for the record page; ids named when known."""
    meta = record.field_meta or {}
    return [(name, _reference(name, getattr(record, name), ctx) if ctx else getattr(record, name), meta.get(name))
            for name in wire_fields(record) if name != "programme_id"]
