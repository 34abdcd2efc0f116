"""Attendance said of a woman or a man through gettext contexts (Bosnian: "izostala", "izostao"), on the server
pages and in the browser catalogs made from the same .po files."""
import json

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from flask_babel import force_locale

from cli.js_catalog import catalog_json
from field.review.choice_labels import attendance_label
from tests.german_catalog import forget_loaded_catalogs, write_catalog

BOSNIAN = {"absent": "izostao", "present": "prisutan", ("of a woman", "absent"): "izostala",
           ("of a woman", "present"): "prisutna"}


@pytest.fixture
def app(app_factory, tmp_path):
    made = app_factory(BABEL_TRANSLATION_DIRECTORIES=write_catalog(tmp_path, "bs", BOSNIAN))
    forget_loaded_catalogs(made)
    yield made
    forget_loaded_catalogs(made)


@pytest.mark.parametrize("code, gender, expected", [
    ("absent", "female", "izostala"), ("present", "female", "prisutna"),
    ("absent", "male", "izostao"),  # the context of a man has no translation here: the plain word
    ("absent", "undisclosed", "izostao"), ("absent", None, "izostao"),
    ("late", "female", "late"),  # nothing translated at all: the English word
    (None, "female", "—"),
])
def test_attendance_of_a_woman_in_bosnian(app, code, gender, expected):
    with app.test_request_context(), force_locale("bs"):
        assert attendance_label(code, gender) == expected


def test_english_keeps_the_plain_words(app):
    with app.test_request_context(), force_locale("en"):
        assert attendance_label("absent", "female") == "absent"
        assert attendance_label("excused", "male") == "excused"


def test_browser_catalog_keys_a_context_apart_from_the_plain_message(tmp_path):
    catalog = Catalog(locale="bs")
    catalog.add("Absent", "Izostao", locations=[("field/static/js/labels.js", 1)])
    catalog.add("Absent", "Izostala", context="of a woman", locations=[("field/static/js/labels.js", 2)])
    catalog.add(("%(num)s day", "%(num)s days"), ("%(num)s dan", "%(num)s dana", "%(num)s dana"),
                context="of a woman", locations=[("field/static/js/labels.js", 3)])
    catalog.add("absent", "izostao", locations=[("field/review/choice_labels.py", 1)])  # the server's only
    po = tmp_path / "bs.po"
    with open(po, "wb") as fh:
        write_po(fh, catalog)
    messages = json.loads(catalog_json(str(po), "bs"))["messages"]
    assert messages["Absent"] == "Izostao"
    assert messages["of a woman\u0004Absent"] == "Izostala"
    assert messages["of a woman\u0004%(num)s day"] == {"one": "%(num)s dan", "few": "%(num)s dana", "other": "%(num)s dana"}
    assert "absent" not in messages
