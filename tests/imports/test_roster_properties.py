"""Any bytes, any cells: the roster reader and the service raise only RosterError; the page never answers 5xx."""
import io
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from imports.reading import RosterError, Table, read_table
from imports.roster import run_import
from models import Participant, Programme, User
from tests.imports.fixtures import csv_bytes, xlsx_bytes
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
_valid_csv = csv_bytes(bom=True)
_valid_xlsx = xlsx_bytes()


def _mutated(base: bytes):
    return st.tuples(st.integers(0, len(base) - 1), st.binary(min_size=0, max_size=40), st.integers(0, 60)).map(
        lambda t: base[:t[0]] + t[1] + base[t[0] + t[2]:])


raw_files = st.one_of(st.binary(max_size=2000), _mutated(_valid_csv), _mutated(_valid_xlsx),
                      st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")))
names = st.sampled_from(["roster.csv", "roster.xlsx", "roster.txt", "", "x.XLSX"])


@settings(max_examples=150, deadline=None, suppress_health_check=HEALTH)
@given(data=raw_files, name=names, encoding=st.sampled_from([None, "utf-8", "cp1250", "cp1254", "iso8859_2"]))
def test_reading_any_bytes_gives_a_table_or_roster_error(app, data, name, encoding):
    with app.test_request_context():
        try:
            table = read_table(data, name, encoding=encoding)
        except RosterError as exc:
            assert str(exc)
        else:
            assert table.headers and table.rows


cells = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**20, 10**20),
                  st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(),
                  st.sampled_from(["1998", "F", "m", "žensko", "neet, roma", "1.9.2026", "2026-09-01", "a1", "b1",
                                   "\x00", "\u202e", "A-001", "nineteen", "45000"]))


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(rows=st.lists(st.lists(cells, min_size=8, max_size=8), min_size=1, max_size=6),
       mapping=st.one_of(st.none(), st.dictionaries(st.sampled_from(
           ["code", "given_name", "family_name", "gender", "birth_year", "target_groups", "consent_on",
            "enrolled_on", "cohort"]), st.integers(-2, 9))),
       choice=st.sampled_from(["skip", "import", "update", "nonsense"]))
def test_any_cells_never_raise_and_a_blocked_import_writes_nothing(app, world, rows, mapping, choice):
    headers = ["Code", "Ime", "Prezime", "Spol", "Godina rođenja", "Ciljne grupe", "Saglasnost", "Kohorta"]
    from models import db

    with app.test_request_context():
        programme = db.session.get(Programme, world.a.programme.id)
        user = db.session.get(User, world.a.coordinator.id)
        before = db.session.scalar(select(func.count()).select_from(Participant))
        table = Table("csv", headers, [(n + 2, list(r)) for n, r in enumerate(rows)])
        outcome = run_import(db.session, user, programme, table, mapping, default_choice=choice, commit=True)
        after = db.session.scalar(select(func.count()).select_from(Participant))
        if outcome.blocked or not outcome.committed:
            assert after == before
        else:
            assert after == before + outcome.count("created")


@settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
@given(data=raw_files, name=names)
def test_the_page_never_answers_5xx(client, w, data, name):
    url = f"/admin/programmes/{w.a.programme.id}/participants/import"
    page = client.get(url)
    if page.status_code != 200:  # the first example signs in; the client keeps its cookie
        sign_in(client, "coord_a")
        page = client.get(url)
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "file": (io.BytesIO(data), name or "x")},
                           content_type="multipart/form-data")
    assert response.status_code < 500
    if response.status_code == 302:
        page = client.get(response.headers["Location"])
        assert page.status_code < 500
        form = {"csrf_token": csrf_from(page.get_data(as_text=True)), "action": "commit", "encoding": "cp1254",
                "map.given_name": "0", "map.family_name": "zz", "choice.2": "update"}
        assert client.post(response.headers["Location"], data=form).status_code < 500
