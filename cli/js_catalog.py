"""Browser catalogs made from the same .po files the server uses.

Only messages extracted from JavaScript go to the browser, keyed by msgid.
Plural messages are keyed by CLDR category (``one``, ``few``, ``other``…) so
the browser picks the form with ``Intl.PluralRules`` — no eval of the .po's
plural expression, which the strict CSP would forbid anyway.
A message with a context (``pgettext``; ``pt(context, msgid)`` in the browser) is keyed
``context + "\\u0004" + msgid``, gettext's own separator, so it never meets a context-free msgid.
"""
import gettext
import json

from babel import Locale
from babel.messages.pofile import read_po

from config import RTL_LANGUAGES


def _category_to_index(catalog, locale: Locale) -> dict:
    index_of = gettext.c2py(catalog.plural_expr)
    mapping = {}
    for n in range(0, 1000):
        mapping.setdefault(locale.plural_form(n), index_of(n))
    return mapping


def _from_js(message) -> bool:
    return any(path.endswith(".js") for path, _line in message.locations)


#: gettext's separator between a message's context and its msgid
CONTEXT_SEPARATOR = "\x04"


def _key(message) -> str:
    msgid = message.id[0] if message.pluralizable else message.id
    return f"{message.context}{CONTEXT_SEPARATOR}{msgid}" if message.context else msgid


def build_catalog(po_path: str, lang: str) -> dict:
    with open(po_path, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    locale = Locale.parse(lang)
    categories = _category_to_index(catalog, locale)
    messages = {}
    for message in catalog:
        if not message.id or not _from_js(message) or message.fuzzy:
            continue
        if message.pluralizable:
            forms = message.string
            if all(forms):
                messages[_key(message)] = {cat: forms[i] for cat, i in categories.items() if i < len(forms)}
        elif message.string:
            messages[_key(message)] = message.string
    return {"locale": lang, "dir": "rtl" if lang in RTL_LANGUAGES else "ltr", "messages": messages}


def catalog_json(po_path: str | None, lang: str) -> bytes:
    """The browser catalog of ``lang`` as the bytes of its JSON file (None: the source language)."""
    if po_path is not None:
        catalog = build_catalog(po_path, lang)
    else:  # the source language: msgids are the text
        catalog = {"locale": lang, "dir": "rtl" if lang in RTL_LANGUAGES else "ltr", "messages": {}}
    return json.dumps(catalog, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
