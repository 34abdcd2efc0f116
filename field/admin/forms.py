"""Form fields into the wire ``data`` a set-up write takes, and refusals back into errors per field.

Each helper reads what a browser sends (strings) and converts it to the wire type;
the entity's schema and rules judge the values (server_write). A value that cannot
even be converted gets its error here, named by its wire field.
"""
from flask_babel import gettext as _


class FormErrors(dict):
    """field → [message]."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def text(form, name: str) -> str:
    return (form.get(name) or "").strip()


def optional_date(form, name: str) -> str | None:
    """A date field: its text (the schema checks it), None when empty."""
    return text(form, name) or None


def whole_number(form, name: str, errors: FormErrors, field: str | None = None, required: bool = True):
    raw = text(form, name)
    if not raw:
        if required:
            errors.add(field or name, _("Give a whole number."))
        return None
    try:
        return int(raw)
    except ValueError:
        errors.add(field or name, _("Not a whole number."))
        return None


def number_list(form, name: str, errors: FormErrors) -> list | None:
    """Whole numbers separated by commas or spaces ("3, 6, 12")."""
    parts = [p for p in text(form, name).replace(",", " ").split() if p]
    try:
        return [int(p) for p in parts]
    except ValueError:
        errors.add(name, _("Give whole numbers separated by commas, such as 3, 6, 12."))
        return None


def flat(errors) -> dict:
    """A refusal's errors (nested as marshmallow gives them) as field → [message]."""
    out = FormErrors()

    def walk(field, value):
        if isinstance(value, dict):
            for inner in value.values():
                walk(field, inner)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(field, inner)
        else:
            out.add(field, str(value))

    for field, value in (errors or {}).items():
        walk(field, value)
    return out


def refusal(rejection) -> dict:
    """The errors of a ``validate.Rejection`` to show on a form; a refusal with none gets a general one."""
    errors = flat(rejection.errors)
    if not errors:
        errors.add("_schema", _("You may not make this change.") if rejection.reason == "forbidden"
                   else _("This change was refused."))
    return errors
