"""Every language complete: no untranslated or fuzzy message, placeholders and plurals right.

The catalogs are checked against a fresh extraction of the sources, so a new
string that was never translated fails here too.
"""
import pathlib
import re
import subprocess
import sys

import pytest
from babel import Locale
from babel.messages.checkers import checkers
from babel.messages.pofile import read_po
from babel.messages.plurals import get_plural

from config import LANGUAGES

ROOT = pathlib.Path(__file__).resolve().parent.parent
TRANSLATED = sorted(set(LANGUAGES) - {"en"})
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|\{(\w*)\}")


def catalog(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    from cli.translate import KEYWORDS, SOURCES

    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    *KEYWORDS, "-o", str(pot), *SOURCES], cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as fh:
        return {key(m) for m in read_po(fh) if m.id}


def key(message):
    """A message by its context and msgid: the same msgid in another context is another message."""
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_source_string_is_in_the_catalog(lang, template):
    present = {key(m) for m in catalog(lang) if m.id}
    missing = sorted(template - present)
    assert missing == [], f"run `flask translate update` and translate: {missing[:10]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_nothing_untranslated_or_fuzzy(lang):
    bad = [m.id for m in catalog(lang) if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, (tuple, list)) else m.string))]
    assert bad == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_babel_checkers_pass(lang):
    cat = catalog(lang)
    problems = []
    for message in cat:
        if not message.id:
            continue
        for checker in checkers:
            try:
                checker(cat, message)
            except Exception as err:
                problems.append((message.id, str(err)))
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match_in_every_form(lang):
    """Stricter than babel's checker: every form keeps the source's placeholder names."""
    problems = []
    for message in catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {p for i in ids for p in map(_name, PLACEHOLDER.finditer(i))}
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            got = set(map(_name, PLACEHOLDER.finditer(form)))
            # a form may drop the count (e.g. Arabic "one" form), never invent or drop a name
            if got - wanted or (wanted - got) - {"num", "count"}:
                problems.append((ids[0], form))
    assert problems == []


def _name(match):
    return match.group(1) or match.group(2)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms_are_the_languages_own(lang):
    cat = catalog(lang)
    assert cat.num_plurals == get_plural(lang).num_plurals
    for message in cat:
        if message.pluralizable and message.id:
            assert len(message.string) == cat.num_plurals, message.id


def test_languages_are_named_in_their_own_language():
    for code, name in LANGUAGES.items():
        assert name.lower() == Locale.parse(code).get_display_name(code).lower() or code == "nb"
