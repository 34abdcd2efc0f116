"""Compiled translation catalogs: .po → .mo (Flask-Babel) and → JSON (the browser, field/static/i18n/).

The compiled files are build outputs (not in git). ``ensure_compiled(app)`` runs at every
app start and compiles what is missing or older than its .po, so a deployment that only
installs the requirements, migrates and starts gunicorn speaks every language, and one
updated with ``git pull`` picks up new translations on restart. Each file is written to a
temporary name and renamed, so gunicorn workers starting together never read half a file;
the output is deterministic, so two workers compiling at once write the same bytes.
"""
import io
import os
import tempfile

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS = os.path.join(ROOT, "translations")
BROWSER = os.path.join(ROOT, "field", "static", "i18n")


def _po(lang: str) -> str:
    return os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", "messages.po")


def _stale(target: str, source: str | None) -> bool:
    if not os.path.exists(target):
        return True
    return source is not None and os.path.getmtime(target) < os.path.getmtime(source)


def _write_atomically(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def stale_languages(languages) -> list[str]:
    """Languages whose .mo or browser catalog is missing or older than their .po."""
    stale = []
    for lang in languages:
        po = _po(lang)
        source = po if os.path.exists(po) else None
        if (source and _stale(po[:-3] + ".mo", source)) or _stale(os.path.join(BROWSER, f"{lang}.json"), source):
            stale.append(lang)
    return stale


def compile_catalogs(languages, only=None) -> list[str]:
    """Compile the .mo and browser catalog of ``only`` (default: every language); the paths written."""
    from .js_catalog import catalog_json

    written = []
    for lang in (languages if only is None else only):
        po = _po(lang)
        if os.path.exists(po):
            with open(po, "rb") as fh:
                catalog = read_po(fh, locale=lang)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            _write_atomically(po[:-3] + ".mo", buffer.getvalue())
            written.append(po[:-3] + ".mo")
        path = os.path.join(BROWSER, f"{lang}.json")
        _write_atomically(path, catalog_json(po if os.path.exists(po) else None, lang))
        written.append(path)
    return written


def ensure_compiled(app) -> None:
    """Compile the catalogs that are missing or stale; a failure is logged and the app starts in English."""
    languages = list(app.config["LANGUAGES"])
    try:
        stale = stale_languages(languages)
        if stale:
            compile_catalogs(languages, only=stale)
            app.logger.info("Compiled translation catalogs: %s", ", ".join(stale))
    except OSError as exc:
        app.logger.error("Translation catalogs could not be compiled (%s); pages answer in English until "
                         "`flask --app app translate compile` is run by a user who may write %s and %s.",
                         exc, TRANSLATIONS, BROWSER)
