"""One <Entity>Schema per entity a phone writes (SYNC.md "Entities").

An upsert of an existing record is loaded ``partial`` (only the changed
fields); a new record must carry every required field. Types, enumerations,
ranges and dates are checked here; rules that need other records (the
participant is in the session's cohort, the level is within the skill's
rubric…) are in api/sync/validate.py.
"""
import math
import re
import uuid
from datetime import date, timedelta

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from models import (ATTENDANCE_STATUSES, CONTRACTS, GENDERS, GOAL_STATUSES, OUTCOME_KINDS, SESSION_KINDS,
                    TARGET_GROUPS)
from security.text import JsonValue, Text


class _Lazy(LazyString):
    """A message translated when shown; truthy without a request (marshmallow tests ``error or default``)."""

    def __bool__(self):
        return True


def _l(message: str, **variables) -> _Lazy:
    return _Lazy(gettext, message, **variables)


#: keys a phone may echo back from a pulled record; the server sets them, so they are ignored
SERVER_SET = frozenset({"updated_at", "updated_by", "deleted", "version", "assessor_id", "created_by",
                        "erased_at"})
_CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _one_of(choices):
    return validate.OneOf(choices, error=_l("Must be one of: {choices}."))


def _length(low, high):
    if low:
        return validate.Length(min=low, max=high, error=_l("Must be {min} to {max} characters long."))
    return validate.Length(max=high, error=_l("Must be at most {max} characters long."))


class _Translated:
    """Errors of these fields are translated when raised (inside the request)."""

    def make_error(self, key, **kwargs):
        return ValidationError(str(self.error_messages[key]).format(**kwargs))


class Id(_Translated, fields.UUID):
    """A UUID kept as its canonical lower-case string."""

    default_error_messages = {"invalid": _l("Not a valid id (a UUID is expected).")}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) != 36:
            raise self.make_error("invalid")
        if _CANONICAL_UUID.match(value):
            return value
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise self.make_error("invalid") from None


class Integer(_Translated, fields.Integer):
    """An integer sent as a JSON number, never a string, float or boolean."""

    default_error_messages = {"invalid": _l("Not a whole number.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        return value


class Number(_Translated, fields.Float):
    default_error_messages = {"invalid": _l("Not a number.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.make_error("invalid")
        return value


class Boolean(_Translated, fields.Boolean):
    default_error_messages = {"invalid": _l("Must be true or false.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Date(_Translated, fields.Date):
    """``YYYY-MM-DD`` between 1950 and a year from today."""

    default_error_messages = {"invalid": _l("Not a valid date (YYYY-MM-DD)."),
                              "range": _l("The date must be between 1950-01-01 and a year from today.")}

    def bounds(self) -> tuple[date, date]:
        """The earliest and latest day accepted (today's, for a date recorded in the field)."""
        return date(1950, 1, 1), date.today() + timedelta(days=366)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) != 10:
            raise self.make_error("invalid")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise self.make_error("invalid") from None
        earliest, latest = self.bounds()
        if not earliest <= day <= latest:
            raise self.make_error("range")
        return day


def _birth_year(value):
    this_year = date.today().year
    if not this_year - 100 <= value <= this_year - 10:
        raise ValidationError(gettext("Birth year must be between %(low)s and %(high)s.",
                                      low=this_year - 100, high=this_year - 10))


def _clock_time(value):
    if not _TIME.match(value):
        raise ValidationError(gettext("Not a valid time (HH:MM, 24-hour)."))


def _text(low, high, **kw):
    return Text(validate=_length(low, high), **kw)


def _optional(field):
    field.allow_none = True
    field.load_default = None
    return field


class LocationSchema(Schema):
    class Meta:
        unknown = RAISE

    lat = Number(required=True, validate=validate.Range(-90, 90, error=_l("Latitude must be between -90 and 90.")))
    lon = Number(required=True,
                 validate=validate.Range(-180, 180, error=_l("Longitude must be between -180 and 180.")))
    accuracy_m = Number(load_default=None, allow_none=True,
                        validate=validate.Range(0, 100000, error=_l("Accuracy must be 0 to 100000 metres.")))


#: marshmallow's own messages, in the user's language (issue 14: every refusal is in the user's words)
_FIELD_MESSAGES = {
    "required": _l("This field is required."),
    "null": _l("This field may not be empty."),
    "invalid": _l("This value has the wrong type."),
}


class EntitySchema(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": _l("This record has no such field."),
                      "type": _l("The record's data must be an object.")}

    def on_bind_field(self, field_name, field_obj):
        """marshmallow's English defaults replaced by translated ones (a field's own messages stay)."""
        own = type(field_obj).default_error_messages if isinstance(field_obj, _Translated) else {}
        field_obj.error_messages = {**field_obj.error_messages,
                                    **{k: v for k, v in _FIELD_MESSAGES.items() if k not in own}}

    #: wire entity name
    entity = ""


class ParticipantSchema(EntitySchema):
    entity = "participant"
    programme_id = Id(required=True)
    cohort_id = _optional(Id())
    #: optional on create: the server assigns a programme-unique code when a phone sends none
    code = _text(1, 40)
    given_name = _text(1, 120, required=True)
    family_name = _text(1, 120, required=True)
    gender = Text(required=True, validate=_one_of(GENDERS))
    birth_year = Integer(required=True, validate=_birth_year)
    target_groups = fields.List(Text(validate=_one_of(TARGET_GROUPS)), load_default=list,
                                validate=validate.Length(max=len(TARGET_GROUPS)))
    consent_on = Date(required=True)
    enrolled_on = Date(required=True)
    exited_on = _optional(Date())
    exit_reason = _optional(_text(0, 200))

    @validates_schema
    def _groups_once(self, data, **kwargs):
        groups = data.get("target_groups") or []
        if len(set(groups)) != len(groups):
            raise ValidationError(gettext("A target group is listed twice."), "target_groups")


#: the kinds of session that may name their mentees (a private mentoring session)
PRIVATE_KINDS = ("mentoring", "remote_mentoring")
#: at most this many mentees in one private (one-to-one or small-group) mentoring session
MAX_MENTEES = 12


class SessionSchema(EntitySchema):
    entity = "session"
    #: required on a new session unless it names its mentees (api/sync/validate.py)
    cohort_id = _optional(Id())
    date = Date(required=True)
    start_time = _optional(Text(validate=_clock_time))
    duration_minutes = Integer(required=True, validate=validate.Range(
        1, 1440, error=_l("Duration must be 1 to 1440 minutes.")))
    kind = Text(required=True, validate=_one_of(SESSION_KINDS))
    topic = _text(1, 300, required=True)
    notes = _optional(_text(0, 10000))
    location = _optional(fields.Nested(LocationSchema))
    mentee_ids = _optional(fields.List(Id(), validate=validate.Length(
        1, MAX_MENTEES, error=_l("Name 1 to {max} mentees."))))

    @validates_schema
    def _private(self, data, **kwargs):
        mentees = data.get("mentee_ids")
        if not mentees:
            return
        if len(set(mentees)) != len(mentees):
            raise ValidationError(gettext("A mentee is named twice."), "mentee_ids")
        if data.get("cohort_id"):
            raise ValidationError(gettext("A session with named mentees belongs to them, not to a cohort."),
                                  "cohort_id")
        if "kind" in data and data["kind"] not in PRIVATE_KINDS:
            raise ValidationError(gettext("Only a mentoring or remote mentoring session names its mentees."),
                                  "kind")


class AttendanceSchema(EntitySchema):
    entity = "attendance"
    session_id = Id(required=True)
    participant_id = Id(required=True)
    status = Text(required=True, validate=_one_of(ATTENDANCE_STATUSES))
    minutes = _optional(Integer(validate=validate.Range(0, 1440, error=_l("Minutes must be 0 to 1440."))))
    note = _optional(_text(0, 500))


class AssessmentSchema(EntitySchema):
    entity = "assessment"
    participant_id = Id(required=True)
    skill_id = Id(required=True)
    level = Integer(required=True, validate=validate.Range(0, 10, error=_l("Level must be 0 to 10.")))
    assessed_on = Date(required=True)
    session_id = _optional(Id())
    note = _optional(_text(0, 1000))


class MentoringGoalSchema(EntitySchema):
    entity = "mentoring_goal"
    participant_id = Id(required=True)
    mentor_id = Id(required=True)
    title = _text(1, 300, required=True)
    status = Text(required=True, validate=_one_of(GOAL_STATUSES))
    due_on = _optional(Date())
    notes = _optional(_text(0, 10000))


class HandoverNoteSchema(EntitySchema):
    """One dated entry of a mentee's handover notes (docs/sync.md "Handover notes")."""

    entity = "handover_note"
    participant_id = Id(required=True)
    goal_id = _optional(Id())
    written_on = Date(required=True)
    note = _text(1, 5000, required=True)


class OutcomeSchema(EntitySchema):
    entity = "outcome"
    participant_id = Id(required=True)
    kind = Text(required=True, validate=_one_of(OUTCOME_KINDS))
    site_id = _optional(Id())
    employer_name = _optional(_text(0, 200))
    started_on = Date(required=True)
    contract = Text(required=True, validate=_one_of(CONTRACTS))
    verified = Boolean(load_default=False)


class SurveyResponseSchema(EntitySchema):
    entity = "survey_response"
    form_id = Id(required=True)
    form_version = Integer(required=True, validate=validate.Range(1, 10**6))
    participant_id = _optional(Id())
    site_id = _optional(Id())
    answers = fields.Dict(keys=Text(validate=_length(1, 100), multiline=False), values=JsonValue(), required=True)
    collected_on = Date(required=True)
    location = _optional(fields.Nested(LocationSchema))


#: wire entity → schema instance (schemas are stateless, so one each is shared)
ENTITY_SCHEMAS = {cls.entity: cls() for cls in (
    ParticipantSchema, SessionSchema, AttendanceSchema, AssessmentSchema, MentoringGoalSchema, OutcomeSchema,
    SurveyResponseSchema, HandoverNoteSchema,
)}
