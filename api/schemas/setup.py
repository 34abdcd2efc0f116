"""One <Entity>Schema per set-up entity: what the set-up pages write (programmes, sites, cohorts, trades).

Phones only read these (SYNC.md: ``read_only``); the pages write them through the
same push as a phone's change (``api/sync/server_write.py``), so the same rules
hold: types, choices and ranges here, rules that need other records in
api/sync/validate.py, the writer's scope in security/scope.py.
"""
from datetime import date

from babel import Locale
from flask_babel import gettext
from marshmallow import ValidationError, fields, validate, validates_schema

from config import LANGUAGES
from models import TARGET_GROUPS
from models.programme import FOLLOW_UP_MONTHS
from models.site import SITE_KINDS
from reports.targets import TARGET_SOURCES
from security.text import Text

from .entities import Date, EntitySchema, Id, Integer, _l, _one_of, _optional, _text

#: ISO 3166-1 alpha-2 codes (Kosovo's XK included), as CLDR names them; not its groupings or pseudo-regions
COUNTRY_CODES = tuple(sorted(code for code in Locale("en").territories if len(code) == 2 and code.isalpha()
                             and code not in {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}))
#: the targets a programme may set: each one an indicator the dashboard measures
TARGET_KEYS = tuple(TARGET_SOURCES) + tuple(TARGET_GROUPS)


class PlanDate(Date):
    """A date of a plan (a programme's or cohort's period): 1990 to twenty years from today."""

    default_error_messages = {"invalid": _l("Not a valid date (YYYY-MM-DD)."),
                              "range": _l("The date must be between 1990-01-01 and twenty years from today.")}

    def bounds(self) -> tuple[date, date]:
        return date(1990, 1, 1), date(date.today().year + 20, 12, 31)


def _period_in_order(data):
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ValidationError(gettext("The end date is before the start date."), "ends_on")


def _code(high):
    field = _text(1, high, required=True)
    field.validators.append(validate.Regexp(r"^[a-z0-9][a-z0-9._-]*$", error=_l(
        "Use small letters, digits, dots, dashes and underscores.")))
    return field


_TARGET_RANGE = validate.Range(0, 10**9, error=_l("A target must be a whole number from 0 to 1000000000."))


class TargetValue(fields.Field):
    """A target: a whole number, or ``{"value": n, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`` (from/to optional).

    Stored as given (a number stays a number), so older readers of ``targets`` keep working.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            return Integer(validate=_TARGET_RANGE).deserialize(value)
        unknown = set(value) - {"value", "from", "to"}
        if unknown:
            raise ValidationError(gettext("A target has a value and an optional period (from, to)."))
        number = Integer(required=True, validate=_TARGET_RANGE).deserialize(value.get("value"))
        target = {"value": number}
        for key in ("from", "to"):
            if value.get(key) is not None:
                target[key] = PlanDate().deserialize(value[key]).isoformat()
        if target.get("from") and target.get("to") and target["to"] < target["from"]:
            raise ValidationError(gettext("The target's period ends before it starts."))
        return target


def _labels():
    """A name per language: {"bs": "…", "de": "…"}."""
    return fields.Dict(keys=Text(validate=_one_of(tuple(LANGUAGES))), values=_text(0, 200),
                       load_default=dict)


class ProgrammeSchema(EntitySchema):
    entity = "programme"
    organisation_id = Id(required=True)
    code = _code(40)
    name = _text(1, 200, required=True)
    donor = _text(0, 200, load_default="")
    default_locale = Text(load_default="en", validate=_one_of(tuple(LANGUAGES)))
    #: the languages offered (empty: all)
    languages = fields.List(Text(validate=_one_of(tuple(LANGUAGES))), load_default=list,
                            validate=validate.Length(max=len(LANGUAGES)))
    starts_on = _optional(PlanDate())
    ends_on = _optional(PlanDate())
    targets = fields.Dict(keys=Text(validate=_one_of(TARGET_KEYS)), values=TargetValue(), load_default=dict)
    competent_level = Integer(load_default=3, validate=validate.Range(1, 10, error=_l(
        "The competent level must be 1 to 10.")))
    follow_up_months = fields.List(
        Integer(validate=validate.Range(1, 120, error=_l("A follow-up is 1 to 120 months after the job started."))),
        load_default=lambda: list(FOLLOW_UP_MONTHS),
        validate=validate.Length(1, 12, error=_l("Give 1 to 12 follow-ups.")))
    retention_days = Integer(load_default=180, validate=validate.Range(1, 3650, error=_l(
        "Keep personal data on phones for 1 to 3650 days.")))
    photo_max_px = Integer(load_default=1600, validate=validate.Range(320, 8000, error=_l(
        "The longest side of a photo must be 320 to 8000 pixels.")))
    photo_quality = Integer(load_default=80, validate=validate.Range(30, 100, error=_l(
        "The photo quality must be 30 to 100.")))
    closed_on = _optional(PlanDate())

    @validates_schema
    def _period(self, data, **kwargs):
        _period_in_order(data)
        months = data.get("follow_up_months")
        if months and months != sorted(set(months)):
            raise ValidationError(gettext("Give the follow-up months in increasing order, each once."),
                                  "follow_up_months")


class SiteSchema(EntitySchema):
    entity = "site"
    programme_id = Id(required=True)
    name = _text(1, 200, required=True)
    city = _text(0, 120, load_default="")
    kind = Text(load_default="employer", validate=_one_of(SITE_KINDS))
    country = Text(load_default="", validate=validate.OneOf(("",) + COUNTRY_CODES, error=_l(
        "Give the country as its two-letter ISO 3166 code, such as BA or TR.")))
    sector = _text(0, 120, load_default="")
    #: the contact person, on the server only (never on the wire to phones)
    contact_name = _text(0, 200, load_default="")
    contact_phone = Text(load_default="", validate=validate.Regexp(r"^[+0-9 ()./-]{0,40}$", error=_l(
        "A phone number has digits, spaces and + ( ) . / - only, at most 40.")))
    contact_email = Text(load_default="", validate=validate.Regexp(r"^([^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,})?$",
                                                                   error=_l("Not an e-mail address.")))


class CohortSchema(EntitySchema):
    entity = "cohort"
    programme_id = Id(required=True)
    site_id = _optional(Id())
    occupation_id = Id(required=True)
    code = _code(40)
    name = _text(1, 200, required=True)
    starts_on = _optional(PlanDate())
    ends_on = _optional(PlanDate())
    capacity = _optional(Integer(validate=validate.Range(1, 100000, error=_l(
        "The capacity must be a whole number from 1 to 100000."))))
    closed_on = _optional(PlanDate())
    trainer_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=50))
    mentor_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=200))

    @validates_schema
    def _period(self, data, **kwargs):
        _period_in_order(data)


class RubricLevelSchema(EntitySchema):
    level = Integer(required=True, validate=validate.Range(0, 10, error=_l("Level must be 0 to 10.")))
    label = _text(1, 120, required=True)
    description = _text(0, 400, load_default="")
    labels = fields.Dict(keys=Text(), load_default=dict)


class OccupationSchema(EntitySchema):
    entity = "occupation"
    organisation_id = Id(required=True)
    #: None: shared by the organisation's programmes; else the programme's own (a copy, to change)
    programme_id = _optional(Id())
    copied_from_id = _optional(Id())
    code = _code(40)
    name = _text(1, 200, required=True)
    labels = _labels()
    rubric_levels = fields.List(fields.Nested(RubricLevelSchema), data_key="rubric", required=True,
                                validate=validate.Length(2, 11, error=_l("A rubric has 2 to 11 levels.")))

    @validates_schema
    def _levels_in_order(self, data, **kwargs):
        levels = [entry["level"] for entry in data.get("rubric_levels") or ()]
        if levels and levels != list(range(len(levels))):
            raise ValidationError(gettext("Number the levels 0, 1, 2… in order, without gaps."), "rubric")


class SkillSchema(EntitySchema):
    entity = "skill"
    occupation_id = Id(required=True)
    position = Integer(required=True, validate=validate.Range(0, 1000))
    code = _code(60)
    name = _text(1, 200, required=True)
    labels = _labels()


#: wire entity → schema instance
SETUP_SCHEMAS = {cls.entity: cls() for cls in (ProgrammeSchema, SiteSchema, CohortSchema, OccupationSchema,
                                               SkillSchema)}
SETUP_ENTITIES = frozenset(SETUP_SCHEMAS)
#: entity → the attributes the set-up pages write (the schema's, by attribute name)
SETUP_FIELDS = {entity: tuple(schema.fields) for entity, schema in SETUP_SCHEMAS.items()}
