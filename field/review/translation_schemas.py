"""Validation of the coordinators' translations form: one entry per input (kind, target, language, text)."""
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from security.text import Text

#: what each kind of entry translates, and its longest text (the base columns' lengths)
MAX_LENGTH = {"occupation": 200, "skill": 200, "rubric": 120, "description": 400}


class LabelEntrySchema(Schema):
    """One translated text: ``<kind>.<target>.<lang>`` in the form (target: a skill id or a level)."""

    class Meta:
        unknown = EXCLUDE

    kind = Text(required=True, validate=validate.OneOf(tuple(MAX_LENGTH), error=_l(
        "This is not a translatable text.")))
    target = Text(load_default="", validate=validate.Length(max=60))
    lang = Text(required=True)
    text = Text(load_default="")

    @pre_load
    def strip(self, data, **_kw):
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}

    @validates_schema
    def check(self, data, **_kw):
        if data.get("lang") not in current_app.config["LANGUAGES"]:
            raise ValidationError(_("This language is not offered: %(lang)s.", lang=data.get("lang", "")), "lang")
        limit = MAX_LENGTH.get(data.get("kind"))
        if limit and len(data.get("text", "")) > limit:
            raise ValidationError(_("Keep it to %(n)s characters or fewer.", n=limit), "text")


class OccupationLabelsSchema(Schema):
    entries = fields.List(fields.Nested(LabelEntrySchema))


def entries_from_form(form) -> tuple[list[dict], list[str]]:
    """Form inputs named ``<kind>.<target>.<lang>`` (csrf_token aside) as entries, and their names."""
    entries, names = [], []
    for name, value in form.items():
        if name == "csrf_token":
            continue
        kind, _dot, rest = name.partition(".")
        target, _dot, lang = rest.rpartition(".")
        entries.append({"kind": kind, "target": target, "lang": lang, "text": value})
        names.append(name)
    return entries, names


def errors_by_name(messages: dict, names: list[str]) -> dict:
    """marshmallow's ``{"entries": {i: {field: [..]}}}`` as ``{input name: [text]}``."""
    out = {}
    for index, fields_ in (messages.get("entries") or {}).items():
        name = names[int(index)] if int(index) < len(names) else ""
        out[name] = [str(m) for msgs in fields_.values() for m in (msgs if isinstance(msgs, list) else [msgs])]
    return out
