"""Text hygiene: the one rule for every string that comes in, and the one cleaner for what is stored.

Refused in every field: lone UTF-16 surrogates (half of an emoji, which a phone
keyboard or a paste can produce), NUL and the other control characters XML 1.0
forbids (a vertical tab from a word processor, ESC…). No database column,
spreadsheet or XML reader takes them. Tab and line breaks are part of the text
only in the multi-line fields listed in ``MULTILINE_FIELDS``; a one-line field
(a name, a code, a title, a search) refuses them too.

Used by the marshmallow field ``Text`` (every schema string field: the sync
entities, the API bodies, the coordinator pages' forms and query strings), by
``nested_errors`` (what a change's ``data`` carries, survey answers included),
by the WTForms validator ``form_text`` (sign-in) and by the request boundary
(``security.boundary``: every query, form and path parameter). ``clean`` and
``clean_nested`` make stored text and exports safe (migration 0003t).
"""
import re

from flask_babel import gettext
from marshmallow import ValidationError, fields
from wtforms.validators import StopValidation

#: the fields whose text may hold tab and line breaks (one place for the whole app):
#: notes of sessions and goals, notes of attendance and assessments, review comments,
#: the text answers of surveys, and a coordinator's new value when resolving a conflict
MULTILINE_FIELDS = frozenset({"notes", "note", "comment", "answers", "value"})

#: never allowed: C0 controls but tab/LF/CR, lone surrogates, and the non-characters XML forbids
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: allowed in multi-line fields only
LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")
#: deepest nesting of lists and objects accepted inside a change's data (survey answers)
MAX_DEPTH = 16


def is_multiline(field: str | None) -> bool:
    return (field or "").split(".")[0] in MULTILINE_FIELDS


def text_problem(value: str, field: str | None, multiline: bool | None = None) -> str | None:
    """Why ``value`` cannot be accepted in ``field`` (a translated message naming it), or None."""
    if multiline is None:
        multiline = is_multiline(field)
    bad = ILLEGAL.search(value) or (None if multiline else LINE_BREAKS.search(value))
    if bad is None:
        return None
    name = clean(field or "", multiline=False)
    if ILLEGAL.match(bad.group()):
        return gettext("“%(field)s” contains a character that cannot be saved (U+%(code)s at position %(position)s); "
                       "remove it and try again.", field=name, code=f"{ord(bad.group()):04X}",
                       position=bad.start() + 1)
    return gettext("“%(field)s” must be one line: no tab or line break.", field=name)


def check(value: str, field: str | None, multiline: bool | None = None) -> str:
    """``value`` if acceptable in ``field``, else a ValidationError with the reason."""
    problem = text_problem(value, field, multiline)
    if problem:
        raise ValidationError(problem)
    return value


def nested_errors(value, field: str, multiline: bool | None = None) -> list[str]:
    """Problems of every string (object keys too) inside a JSON value, and of nesting deeper than MAX_DEPTH.

    Keys are always one line; string values follow ``field``'s rule. Walks
    without recursion, so any depth the JSON parser accepted is safe here.
    """
    if multiline is None:
        multiline = is_multiline(field)
    problems, stack = [], [(value, 0)]
    while stack and len(problems) < 5:
        item, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item, field, multiline)
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                problem = gettext("“%(field)s” is nested too deeply (at most %(n)s levels).",
                                  field=clean(field, multiline=False), n=MAX_DEPTH)
            else:
                problem = None
                if isinstance(item, dict):
                    for key, sub in item.items():
                        stack.append((sub, depth + 1))
                        key_problem = text_problem(key, field, False) if isinstance(key, str) else None
                        if key_problem and key_problem not in problems:
                            problems.append(key_problem)
                else:
                    stack.extend((sub, depth + 1) for sub in item)
        else:
            problem = None
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def data_errors(data: dict) -> dict:
    """``{field: [problems]}`` of a change's data (or any JSON object), empty when all is clean."""
    errors = {}
    for key, value in data.items():
        name = key if isinstance(key, str) and not text_problem(key, key, False) else None
        if name is None:
            errors.setdefault("_schema", []).append(text_problem(key, "data", False))
            continue
        problems = nested_errors(value, name)
        if problems:
            errors[name] = problems
    return errors


def clean(value: str, multiline: bool = True) -> str:
    """``value`` with what ``text_problem`` refuses taken out (line breaks and tabs of one-line text as spaces)."""
    value = ILLEGAL.sub("", value)
    return value if multiline else LINE_BREAKS.sub(" ", value)


def clean_nested(value, multiline: bool = True):
    """A JSON value with every string (and key) cleaned."""
    if isinstance(value, str):
        return clean(value, multiline)
    if isinstance(value, list):
        return [clean_nested(v, multiline) for v in value]
    if isinstance(value, dict):
        return {clean(k, False) if isinstance(k, str) else k: clean_nested(v, multiline) for k, v in value.items()}
    return value


def _field_name(field, attr) -> str:
    """The wire name of a field, or of the list or mapping it is the items of."""
    for candidate in (field, getattr(field, "parent", None)):
        name = getattr(candidate, "data_key", None) or getattr(candidate, "name", None)
        if isinstance(name, str):
            return name
    return attr or ""


class Text(fields.String):
    """A string checked by ``text_problem``; one line unless its name is in MULTILINE_FIELDS (or ``multiline``)."""

    def __init__(self, *args, multiline: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.multiline = multiline

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        return check(value, _field_name(self, attr), self.multiline)


class JsonValue(fields.Raw):
    """Any JSON value whose strings (and keys) pass ``text_problem`` and whose nesting is bounded."""

    def _deserialize(self, value, attr, data, **kwargs):
        problems = nested_errors(value, _field_name(self, attr))
        if problems:
            raise ValidationError(problems)
        return value


def form_text(form, field) -> None:
    """WTForms validator with the same rule (the sign-in form)."""
    if isinstance(field.data, str):
        problem = text_problem(field.data, field.name)
        if problem:
            raise StopValidation(problem)
