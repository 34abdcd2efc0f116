"""Records as they travel on the wire (SYNC.md "Entities")."""
from datetime import date, datetime, timezone

from security.scope import session_author

#: fields of entities phones only read
READ_ONLY_FIELDS = {
    "programme": ("organisation_id", "code", "name", "donor", "default_locale", "starts_on", "ends_on",
                  "targets", "competent_level", "languages", "follow_up_months", "retention_days", "photo_max_px",
                  "photo_quality", "closed_on"),
    # a site's contact person (contact_name, contact_phone, contact_email) stays on the server: never here
    "site": ("programme_id", "name", "city", "kind", "country", "sector"),
    "cohort": ("programme_id", "site_id", "occupation_id", "code", "name", "starts_on", "ends_on",
               "closed_on"),
    "occupation": ("code", "name", "labels"),
    "skill": ("occupation_id", "position", "code", "name", "labels"),
    "survey_form": ("programme_id", "code", "form_version", "title", "labels", "questions"),
    # diaspora (optional, issue 14): a mentor from the diaspora, so a phone splits mentoring hours as reports do
    "user": ("display_name", "diaspora"),
    "review": ("record_entity", "record_id", "record_version", "programme_id", "cohort_id", "participant_id",
               "status", "comment", "reviewer_id", "recorded_by_id", "recorded_device_id", "created_at"),
}


def wire_value(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def wire_fields(record) -> tuple[str, ...]:
    return record.writable_fields or READ_ONLY_FIELDS[record.entity]


def record_data(record) -> dict:
    """The record's wire fields plus the server-set ones."""
    data = {name: wire_value(getattr(record, name)) for name in wire_fields(record)}
    entity = record.entity
    if entity == "cohort":
        data["trainer_ids"] = record.trainer_ids
        data["mentor_ids"] = record.mentor_ids
    elif entity == "occupation":
        data["rubric"] = record.rubric_levels
    elif entity == "user":
        data["role"] = record.main_role()
    elif entity == "assessment":
        data["assessor_id"] = record.assessor_id
    elif entity == "participant":
        # optional (docs/sync.md "Erasure on request"): set once the person's data was erased
        data["erased_at"] = wire_value(record.erased_at)
    elif entity in ("session", "handover_note"):
        # who may change it besides the cohort's trainers and coordinators (docs/sync.md "Scope")
        data["created_by"] = session_author(record)
    data["updated_at"] = wire_value(record.updated_at)
    data["updated_by"] = record.updated_by_id
    data["deleted"] = record.deleted
    return data


def wire_record(record, op: str = "upsert") -> dict:
    if record.deleted:
        op = "delete"
    return {"entity": record.entity, "id": record.id, "op": op, "version": record.version,
            "data": record_data(record)}
