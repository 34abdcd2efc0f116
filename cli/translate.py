"""flask translate extract/update/init/compile: pybabel with this project's paths."""
import os
import subprocess
import sys

import click
from flask.cli import AppGroup

translate_cli = AppGroup("translate", help="Translation catalogs (translations/<lang>/LC_MESSAGES).")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POT = os.path.join(ROOT, "translations", "messages.pot")
#: the translation functions besides babel's defaults (which include pgettext and npgettext): the server's
#: lazy ones and the browser's t(), tn(), pt(context, msgid) and npt(context, singular, plural, n)
KEYWORDS = ("-k", "_l", "-k", "lazy_gettext", "-k", "t", "-k", "tn:1,2", "-k", "pt:1c,2", "-k", "npt:1c,2,3")
#: where user-facing strings live (never .venv or tests)
SOURCES = ("app.py", "config.py", "api", "cli", "field", "models", "notifications", "security")


def _pybabel(*args):
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT)
    if result.returncode:
        raise click.ClickException(f"pybabel {args[0]} failed")


@translate_cli.command("extract")
def extract():
    """Collect every marked string of templates, Python and JS into messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", *KEYWORDS,
             "--sort-by-file", "--add-comments=TRANSLATORS:", "-o", POT, *SOURCES)


@translate_cli.command("update")
def update():
    """Extract, then merge new strings into every language's .po."""
    extract.callback()
    _pybabel("update", "-i", POT, "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")


@translate_cli.command("init")
@click.argument("lang")
def init(lang):
    """Start a catalog for a new language LANG."""
    extract.callback()
    _pybabel("init", "-i", POT, "-d", "translations", "-l", lang)


@translate_cli.command("compile")
def compile_catalogs():
    """Compile .po to .mo for Flask-Babel and to JSON for the browser (field/static/i18n/).

    The app also does this when it starts, for catalogs missing or older than their .po
    (cli/catalogs.py); this command does it for every language, now.
    """
    from flask import current_app

    from .catalogs import compile_catalogs as compile_all

    written = compile_all(list(current_app.config["LANGUAGES"]))
    click.echo(f"Wrote {sum(p.endswith('.mo') for p in written)} .mo catalogs and "
               f"{sum(p.endswith('.json') for p in written)} browser catalogs to field/static/i18n/.")
