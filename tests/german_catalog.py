"""A small German (or other) catalog written for a test (the project's own translations are not the tests' to write)."""
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo


def write_german(tmp_path, messages: dict) -> str:
    """Compile ``messages`` (msgid → msgstr) as translations/de; returns the translations folder."""
    return write_catalog(tmp_path, "de", messages)


def write_catalog(tmp_path, lang: str, messages: dict) -> str:
    """Compile ``messages`` as translations/<lang>; a key is a msgid or a (msgctxt, msgid) pair."""
    catalog = Catalog(locale=lang)
    for key, msgstr in messages.items():
        context, msgid = key if isinstance(key, tuple) else (None, key)
        catalog.add(msgid, msgstr, context=context)
    folder = tmp_path / "translations" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    return str(tmp_path / "translations")


def forget_loaded_catalogs(app):
    """The Babel object is shared by every app in this process: drop what it has cached."""
    from extensions import babel

    with app.app_context():
        babel.domain_instance.cache.clear()
