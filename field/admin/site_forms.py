"""The site form into a site's wire ``data``; countries named in the reader's language."""
from flask_babel import get_locale

from api.schemas.setup import COUNTRY_CODES

from .forms import FormErrors, text

FIELDS = ("name", "kind", "city", "country", "sector", "contact_name", "contact_phone", "contact_email")


def site_data(form) -> tuple[dict, FormErrors]:
    data = {name: text(form, name) for name in FIELDS}
    data["country"] = data["country"].upper()
    data["kind"] = data["kind"] or "employer"
    return data, FormErrors()


def form_values(site) -> dict:
    return {name: getattr(site, name) or "" for name in FIELDS}


def countries() -> list[tuple[str, str]]:
    """(code, name in the page's language), sorted by name."""
    names = get_locale().territories
    return sorted(((code, names.get(code, code)) for code in COUNTRY_CODES), key=lambda pair: pair[1])
