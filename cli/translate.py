"""flask translate extract/update/init/compile: pybabel with this project's paths."""
import os
import subprocess
import sys

import click
from flask.cli import AppGroup

translate_cli = AppGroup("translate", help="Translation catalogs (translations/<lang>/LC_MESSAGES).")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POT = os.path.join(ROOT, "translations", "messages.pot")
#: where user-facing strings live (never .venv or tests)
SOURCES = ("app.py", "config.py", "api", "cli", "field", "models", "security")


def _pybabel(*args):
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT)
    if result.returncode:
        raise click.ClickException(f"pybabel {args[0]} failed")


@translate_cli.command("extract")
def extract():
    """Collect every marked string of templates, Python and JS into messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "t", "-k", "tn:1,2",
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
    """Compile .po to .mo for Flask-Babel and to JSON for the browser (field/static/i18n/)."""
    from flask import current_app

    from .js_catalog import write_catalogs

    translations = os.path.join(ROOT, "translations")
    if any(os.path.isdir(os.path.join(translations, d)) for d in os.listdir(translations)):
        _pybabel("compile", "-d", "translations", "--statistics")
    written = write_catalogs(translations, os.path.join(ROOT, "field", "static", "i18n"),
                             current_app.config["LANGUAGES"])
    click.echo(f"Wrote {len(written)} browser catalogs to field/static/i18n/.")
