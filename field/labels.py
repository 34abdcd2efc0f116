"""Names of occupations, skills and rubric levels in the reader's language.

Order (the phone's field/static/js/labels.js follows the same): ``labels[locale]``
(also the bare language of ``bs_Latn``-style locales) → ``labels[fallback_locale]``
(the programme's ``default_locale``) → the record's base name (English).
A rubric level keeps its descriptions under ``labels["description"][locale]``.
"""
from flask import g, has_request_context
from flask_babel import get_locale


def _pick(labels: dict, locale: str | None, fallback_locale: str | None):
    labels = labels if isinstance(labels, dict) else {}
    for lang in (locale, (locale or "").split("_")[0], fallback_locale):
        text = labels.get(lang) if lang else None
        if isinstance(text, str) and text.strip():
            return text
    return None


def label_for(record, locale: str | None, fallback_locale: str | None = None) -> str:
    """The name of an Occupation/Skill (``name``) or RubricLevel (``label``) to show."""
    if record is None:
        return ""
    base = getattr(record, "name", None) or getattr(record, "label", None) or ""
    return _pick(getattr(record, "labels", None), locale, fallback_locale) or base


def description_for(level, locale: str | None, fallback_locale: str | None = None) -> str:
    """A rubric level's description, by the same order."""
    descriptions = (level.labels or {}).get("description") if level is not None else None
    return _pick(descriptions, locale, fallback_locale) or (level.description if level is not None else "")


def page_label(record) -> str:
    """For templates: the current locale, then the programme of the page (``g.programme``)."""
    programme = getattr(g, "programme", None) if has_request_context() else None
    return label_for(record, str(get_locale()), getattr(programme, "default_locale", None))
