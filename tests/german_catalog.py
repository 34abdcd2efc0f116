"""A small German catalog written for a test (the project's own translations are not the tests' to write)."""
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo


def write_german(tmp_path, messages: dict) -> str:
    """Compile ``messages`` (msgid → msgstr) as translations/de; returns the translations folder."""
    catalog = Catalog(locale="de")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    folder = tmp_path / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    return str(tmp_path / "translations")


def forget_loaded_catalogs(app):
    """The Babel object is shared by every app in this process: drop what it has cached."""
    from extensions import babel

    with app.app_context():
        babel.domain_instance.cache.clear()
