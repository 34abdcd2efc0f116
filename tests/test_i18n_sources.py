"""Every string a user sees goes through the catalogs, and layout mirrors for right-to-left.

A scan of the templates, the browser JS and the CSS: text in a template
outside ``{{ _() }}``, a JS literal written straight into the page, or a
physical left/right CSS property (instead of a logical one) fails here.
"""
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p for p in (ROOT / "field").rglob("*.html") if "templates" in p.parts)
SCRIPTS = sorted(p for p in (ROOT / "field" / "static").rglob("*.js")
                 if "node_modules" not in p.parts and "vendor" not in p.parts and p.name != "i18n.js")
STYLESHEETS = sorted(p for p in (ROOT / "field" / "static").rglob("*.css") if "node_modules" not in p.parts)

JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TEXT_NODE = re.compile(r">([^<>]+)<")
USER_ATTRS = re.compile(r'\b(?:placeholder|title|alt|aria-label|aria-description|content)="([^"{}]*)"')
#: text that is not language: symbols, numbers, separators
NOT_WORDS = re.compile(r"^[\s\d\W_]*$")
#: attribute values that are not prose (meta tags and the like)
ATTR_ALLOWED = re.compile(r"^(width=device-width.*|#[0-9a-f]{3,6}|yes|no|black.*|default|[a-z-]+/[a-z+-]+)$", re.I)


def _words(text: str) -> bool:
    return not NOT_WORDS.match(text.replace("&nbsp;", " ").replace("&middot;", ""))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_untranslated_text(path):
    html = SCRIPT_OR_STYLE.sub("", JINJA.sub("", path.read_text(encoding="utf-8")))
    found = [t.strip() for t in TEXT_NODE.findall(html) if _words(t)]
    found += [v for v in USER_ATTRS.findall(html) if _words(v) and not ATTR_ALLOWED.match(v)]
    assert found == [], f"wrap these in {{{{ _('…') }}}}: {found}"


JS_SINKS = [
    re.compile(r"""\.(?:textContent|innerText|placeholder|title|ariaLabel|alt)\s*=\s*(['"`])((?:(?!\1).)*[A-Za-z]{2,}(?:(?!\1).)*)\1"""),
    re.compile(r"""setAttribute\(\s*['"](?:aria-label|title|placeholder|alt)['"]\s*,\s*(['"`])((?:(?!\1).)*[A-Za-z]{2,}(?:(?!\1).)*)\1"""),
    re.compile(r"""\b(?:alert|confirm|prompt)\(\s*(['"`])((?:(?!\1).)*[A-Za-z]{2,}(?:(?!\1).)*)\1"""),
]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_scripts_show_text_only_through_t(path):
    source = path.read_text(encoding="utf-8")
    found = [m.group(2) for sink in JS_SINKS for m in sink.finditer(source)]
    assert found == [], f"use t('…') for: {found}"


PHYSICAL = re.compile(
    r"(?<![-\w])(margin-(?:left|right)|padding-(?:left|right)|border-(?:left|right)(?:-\w+)?|left|right"
    r"|text-align:\s*(?:left|right)|float:\s*(?:left|right))\s*:", re.I)


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_stylesheets_use_logical_properties(path):
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    found = sorted({m.group(1) for m in PHYSICAL.finditer(css)})
    assert found == [], f"use logical properties (margin-inline-start, inset-inline-end, text-align: start…): {found}"
