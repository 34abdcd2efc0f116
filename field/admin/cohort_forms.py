"""The cohort form as wire data (api/schemas/setup.py CohortSchema checks it, as for any write)."""
from api.sync.serialize import wire_value

#: the form's fields, in the wire's names
FIELDS = ("code", "name", "occupation_id", "site_id", "starts_on", "ends_on", "capacity")
OPTIONAL = ("site_id", "starts_on", "ends_on", "capacity")


def _number(text: str):
    """A whole number typed in the form; anything else is passed on for the schema to refuse."""
    text = text.strip()
    return int(text) if text.isascii() and text.lstrip("-").isdigit() else text


def cohort_from_form(form) -> dict:
    data = {name: form.get(name, "").strip() for name in FIELDS}
    for name in OPTIONAL:
        if not data[name]:
            data[name] = None
    if data["capacity"] is not None:
        data["capacity"] = _number(data["capacity"])
    data["trainer_ids"] = [i for i in form.getlist("trainer_ids") if i]
    data["mentor_ids"] = [i for i in form.getlist("mentor_ids") if i]
    return data


def changed(cohort, data: dict) -> dict:
    """Only what differs from the stored cohort (the history then shows what was changed)."""
    return {name: value for name, value in data.items()
            if (sorted(value) if name.endswith("_ids") else value) !=
            (sorted(getattr(cohort, name)) if name.endswith("_ids") else wire_value(getattr(cohort, name)))}
