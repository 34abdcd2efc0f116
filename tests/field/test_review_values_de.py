"""A yes/no field in a conflict: a choice of the translated words, and typed words in the reader's language."""
import pytest
from sqlalchemy import select

from models import ChangeLog, User
from tests.german_catalog import forget_loaded_catalogs, write_german
from tests.review_fixtures import csrf_from, make_conflict, make_outcome, sign_in, w  # noqa: F401

GERMAN = {"yes": "ja", "no": "nein", "Choose %(yes)s or %(no)s.": "Wählen Sie %(yes)s oder %(no)s."}


@pytest.fixture
def app(app_factory, tmp_path):
    made = app_factory(BABEL_TRANSLATION_DIRECTORIES=write_german(tmp_path, GERMAN))
    forget_loaded_catalogs(made)
    yield made
    forget_loaded_catalogs(made)


@pytest.fixture
def verified_conflict(w, db_session):
    outcome = make_outcome(w.a.participants[0], verified=False)
    conflict = make_conflict(outcome, "verified", False, True, kept_by=w.a.trainer, other_by=w.a.mentor)
    db_session.scalar(select(User).where(User.id == w.a.coordinator.id)).locale = "de"
    db_session.commit()
    return outcome, conflict


def _resolve(client, w, conflict, **data):
    page = client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True)
    data["csrf_token"] = csrf_from(page)
    return client.post(f"/review/{w.a.programme.id}/conflicts/{conflict.id}/resolve", data=data)


def test_a_yes_no_field_offers_the_translated_words_as_a_choice(client, w, verified_conflict):
    _outcome, conflict = verified_conflict
    sign_in(client, "coord_a")
    page = client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True)
    assert f'<select id="value-{conflict.id}" name="value">' in page
    assert '<option value="true">ja</option>' in page and '<option value="false">nein</option>' in page
    assert '<p class="value">nein</p>' in page and '<p class="value">ja</p>' in page  # both values shown in German


@pytest.mark.parametrize("typed, expected", [("true", True), ("ja", True), ("Ja", True), ("nein", False),
                                             ("yes", True)])
def test_german_words_and_the_choice_are_accepted(client, w, verified_conflict, db_session, typed, expected):
    outcome, conflict = verified_conflict
    outcome.verified = not expected
    db_session.commit()
    sign_in(client, "coord_a")
    response = _resolve(client, w, conflict, choice="new", value=typed)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    db_session.rollback()
    assert outcome.verified is expected
    assert db_session.scalar(select(ChangeLog.seq).where(ChangeLog.record_id == outcome.id)) == outcome.version


def test_a_word_that_is_neither_is_refused_in_german(client, w, verified_conflict, db_session):
    outcome, conflict = verified_conflict
    version = outcome.version
    sign_in(client, "coord_a")
    response = _resolve(client, w, conflict, choice="new", value="vielleicht")
    assert response.status_code == 400
    assert "Wählen Sie ja oder nein." in response.get_data(as_text=True)
    db_session.rollback()
    assert (outcome.verified, outcome.version, conflict.resolved_at) == (False, version, None)
