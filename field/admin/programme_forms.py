"""The programme forms (new programme, settings, targets, closing) into a programme's wire ``data``."""
from api.schemas.setup import TARGET_KEYS

from .forms import FormErrors, number_list, optional_date, text, whole_number

#: the fields every programme form has (besides its targets and settings)
BASICS = ("name", "code", "donor", "starts_on", "ends_on", "default_locale", "languages")
SETTINGS = ("competent_level", "follow_up_months", "retention_days", "photo_max_px", "photo_quality")


def basics(form, errors: FormErrors) -> dict:
    return {"name": text(form, "name"), "code": text(form, "code"), "donor": text(form, "donor"),
            "starts_on": optional_date(form, "starts_on"), "ends_on": optional_date(form, "ends_on"),
            "default_locale": text(form, "default_locale") or "en",
            "languages": [lang for lang in form.getlist("languages") if lang] or []}


def targets(form, errors: FormErrors) -> dict:
    """One row per indicator: ``target.<key>`` (empty: no target), ``target.<key>.from`` and ``.to``."""
    out = {}
    for key in TARGET_KEYS:
        value = whole_number(form, f"target.{key}", errors, field="targets", required=False)
        if value is None:
            continue
        start, end = optional_date(form, f"target.{key}.from"), optional_date(form, f"target.{key}.to")
        out[key] = {"value": value, **({"from": start} if start else {}), **({"to": end} if end else {})} \
            if start or end else value
    return out


def settings(form, errors: FormErrors) -> dict:
    data = {name: whole_number(form, name, errors) for name in SETTINGS if name != "follow_up_months"}
    data["follow_up_months"] = number_list(form, "follow_up_months", errors)
    return data


def settings_data(form) -> tuple[dict, FormErrors]:
    """The settings page: basics, targets and settings (never the organisation, never closing)."""
    errors = FormErrors()
    data = {**basics(form, errors), "targets": targets(form, errors), **settings(form, errors)}
    return data, errors


def new_programme_data(form, organisation_ids) -> tuple[dict, FormErrors]:
    errors = FormErrors()
    organisation_id = text(form, "organisation_id") or (organisation_ids[0] if len(organisation_ids) == 1 else "")
    if organisation_id not in organisation_ids:
        from flask_babel import gettext as _

        errors.add("organisation_id", _("Choose the organisation."))
    return {"organisation_id": organisation_id, **basics(form, errors)}, errors


def form_values(programme) -> dict:
    """What the settings form shows for a stored programme."""
    values = {name: getattr(programme, name) for name in BASICS + SETTINGS}
    values["follow_up_months"] = ", ".join(str(m) for m in programme.follow_up_months or ())
    for name in ("starts_on", "ends_on"):
        values[name] = values[name].isoformat() if values[name] else ""
    for key, stored in (programme.targets or {}).items():
        if isinstance(stored, dict):
            values[f"target.{key}"] = stored.get("value", "")
            values[f"target.{key}.from"] = stored.get("from", "")
            values[f"target.{key}.to"] = stored.get("to", "")
        else:
            values[f"target.{key}"] = stored
    return values


def sent_values(form) -> dict:
    """What the browser sent, to show again next to the errors."""
    values = {name: form.get(name, "") for name in form}
    values["languages"] = form.getlist("languages")
    return values

