"""Property-based tests (hypothesis) over POST /api/v1/sync: whatever a phone sends, the server holds.

For every entity a phone writes, a change whose fields are replaced by arbitrary
values (any Unicode code point, lone surrogates sent as ``\\ud83d`` escapes,
control characters, numbers of any size, lists and objects nested deeper than
allowed) is pushed between two valid changes. Then:

- never a 5xx; the body was readable, so the answer is a 200 with one result per change;
- the valid changes on either side are applied (one bad change never sinks the batch);
- a change the server accepted renders on its coordinator page and exports to CSV and XLSX.

Profiles (tests/conftest.py): ``ci`` (100 examples per entity, derandomised) by
default, ``long`` for ``make test-long``; ``HYPOTHESIS_PROFILE`` picks one. The
figures of each run are written to test-artifacts/hypothesis-<engine>.json.
"""
import csv
import io
import json
import os
from datetime import date

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import validate
from openpyxl import load_workbook

from api.schemas.entities import ENTITY_SCHEMAS, Date, Id, Integer, Number
from security.text import Text
from models import TARGET_GROUPS
from tests.review_fixtures import sign_in

from .conftest import change
from .test_bad_input import WRITABLE, form_id, valid  # noqa: F401 (fixture)

DATASET = {"participant": "participants", "session": "sessions", "attendance": "attendance",
           "assessment": "assessments", "mentoring_goal": "mentoring_goals", "outcome": "outcomes",
           "survey_response": "survey_responses"}
FIGURES = {}

NASTY = st.sampled_from([
    "\ud83d", "\ude00", "\ud83d\ude00", "\x00", "\x0b", "\x0c", "\x1b", "\x01", "\x7f", "\t", "\n", "\r\n", "\x85",
    "\u2028", "\ufffe", "\uffff", "\ufeff", "\u200b", "\u0301", "😀", "=1+1", ";=cmd|' /C calc'!A0", ",@SUM(1)",
    "\t-2", "'", '"', "\\", "%", "_", "<script>alert(1)</script>", "{{7*7}}", "' OR 1=1 --", "../", "Ş", "ß", "İ",
])
#: any code point at all, surrogates and controls included
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)
TEXT = st.one_of(ANY_TEXT, st.lists(st.one_of(NASTY, st.text(max_size=4)), min_size=1, max_size=6).map("".join))
INTS = st.one_of(st.integers(), st.sampled_from([0, -1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 2**70,
                                                 -2**63 - 1, 10**30, 10**300]))
FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([1e308, -1e308, 5e-324, -0.0]))


def _nest(depth: int, leaf):
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


JSON = st.recursive(st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT),
                    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
                    max_leaves=8)
DEEP = st.builds(_nest, st.integers(5, 300), st.one_of(TEXT, INTS))
WILD = st.one_of(JSON, DEEP)
KEEP = object()
#: odd text that is still text: any code point but surrogates and C0/C1 controls, formula starts, markup…
LEGAL_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30),
    st.lists(st.one_of(NASTY.filter(lambda t: not any(c in t for c in "\ud83d\ude00\x00\x0b\x0c\x1b\x01\x7f"
                                                                         "\ufffe\uffff\x85")),
                       st.text(max_size=4)), min_size=1, max_size=6).map("".join).filter(bool))
LEGAL_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(-1e300, 1e300), LEGAL_TEXT),
                          lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                  st.dictionaries(LEGAL_TEXT, inner, max_size=3)), max_leaves=6)


def _plausible(name, field):
    """Values of the field's own type (so many changes are accepted, with odd text in them)."""
    if name == "answers":
        return st.dictionaries(TEXT, st.one_of(TEXT, JSON, DEEP), max_size=4)
    if name == "location":
        return st.one_of(st.none(), st.fixed_dictionaries({"lat": FLOATS, "lon": FLOATS}),
                         st.fixed_dictionaries({"lat": st.floats(-90, 90), "lon": st.floats(-180, 180),
                                                "accuracy_m": st.one_of(st.none(), FLOATS, INTS)}))
    if name == "target_groups":
        return st.lists(st.one_of(st.sampled_from(TARGET_GROUPS), TEXT), max_size=4)
    if isinstance(field, Id):
        return st.one_of(st.uuids().map(str), TEXT)
    if isinstance(field, Integer):
        return st.one_of(INTS, st.integers(0, 2000))
    if isinstance(field, Number):
        return st.one_of(FLOATS, INTS)
    if isinstance(field, Date):
        return st.one_of(st.dates(date(1940, 1, 1), date(2030, 12, 31)).map(date.isoformat), TEXT)
    return TEXT


def _field_value(name, field):
    return st.one_of(st.just(KEEP), st.just(KEEP), _plausible(name, field), WILD)


def _odd_text(name, field):
    """Legal but odd values of the text fields (most of these changes are accepted)."""
    if name == "answers":
        return st.fixed_dictionaries({}, optional={"q1": LEGAL_JSON, "q2": LEGAL_JSON})
    if isinstance(field, Text) and all(isinstance(v, validate.Length) for v in field.validators):
        return LEGAL_TEXT
    return st.just(KEEP)


@st.composite
def mutated_change(draw, entity):
    """(fields to replace, unknown keys to add, envelope replacements) of one change.

    A third of the examples put odd but legal text in the text fields, a third put
    anything (illegal characters, a wrong type, a huge number, deep nesting) in one
    field, and a third put anything in any number of fields and of the envelope.
    """
    schema = ENTITY_SCHEMAS[entity]
    replaced = {}
    mode = draw(st.sampled_from(("odd", "one", "wild")))
    if mode == "one":
        name = draw(st.sampled_from(sorted(schema.fields)))
        replaced[name] = draw(st.one_of(TEXT, _plausible(name, schema.fields[name]), WILD))
        return replaced, {}, {}, draw(st.uuids()), draw(st.booleans())
    for name, field in schema.fields.items():
        value = draw(st.one_of(st.just(KEEP), _odd_text(name, field)) if mode == "odd" else _field_value(name, field))
        if value is not KEEP:
            replaced[name] = value
    if mode == "odd":
        return replaced, {}, {}, draw(st.uuids()), draw(st.booleans())
    extra = draw(st.one_of(st.just({}), st.dictionaries(TEXT, WILD, max_size=2)))
    envelope = draw(st.one_of(
        st.just({}), st.just({}),
        st.fixed_dictionaries({"base_version": st.one_of(st.none(), INTS)}),
        st.fixed_dictionaries({}, optional={"entity": st.one_of(TEXT, WILD), "op": st.one_of(TEXT, WILD),
                                            "hlc": st.one_of(TEXT, WILD), "mutation_id": st.one_of(TEXT, WILD),
                                            "id": st.one_of(TEXT, WILD)})))
    envelope.update(draw(st.one_of(st.just({}), st.dictionaries(TEXT, WILD, max_size=1))))  # unknown keys
    return replaced, extra, envelope, draw(st.uuids()), draw(st.booleans())


def _engine(app):
    from models import db

    with app.app_context():
        return db.engine.dialect.name


def _write_figures(app):
    """Merged into the file under a lock: pytest-xdist runs the entities in several processes."""
    os.makedirs("test-artifacts", exist_ok=True)
    path = f"test-artifacts/hypothesis-{_engine(app)}.json"
    with FileLock(path + ".lock"):
        try:
            with open(path) as known:
                figures = json.load(known)
        except (OSError, ValueError):
            figures = {}
        figures.update(FIGURES)
        with open(path, "w") as out:
            json.dump(figures, out, indent=1, sort_keys=True)


@pytest.mark.parametrize("entity", WRITABLE)
def test_any_change_is_answered_without_a_5xx_and_never_sinks_the_batch(app, client, ids, device, form_id, entity):
    d = device("coord_a")
    page = app.test_client()
    sign_in(page, "coord_a")
    figures = FIGURES[entity] = {"examples": 0, "5xx": 0, "accepted": 0, "rejected": 0, "pages": 0, "exports": 0}
    accepted_ids = []

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(mutated_change(entity))
    def run(drawn):
        replaced, extra, envelope, new_id, reuse = drawn
        figures["examples"] += 1
        record_id, data = valid(entity, ids, form_id)
        if entity == "participant":  # a code of its own, and an exit date so that any exit reason may stand
            data.update(code=f"P-{new_id.hex[:10]}", exited_on="2026-11-20", exit_reason="Moved away")
        if reuse and accepted_ids:
            record_id = accepted_ids[-1]
        elif entity != "attendance":
            record_id = str(new_id)
        bad = change(d, entity, record_id, {**data, **replaced, **extra})
        bad.update(envelope)
        goods = []
        for _ in range(2):
            good_id, good = valid("session", ids, form_id)
            goods.append(change(d, "session", good_id, good))
        body = json.dumps({"device_id": d.device_id, "schema_version": 1, "cursor": None,
                           "changes": [goods[0], bad, goods[1]], "pull_limit": 1})
        response = d.api.post("/sync", data=body, content_type="application/json")
        if response.status_code >= 500:
            figures["5xx"] += 1
        assert response.status_code == 200, response.get_data(as_text=True)[:1000]
        results = response.get_json()["results"]
        assert len(results) == 3
        assert results[0]["status"] == "applied" and results[2]["status"] == "applied", results
        result = results[1]
        if result["status"] == "rejected":
            figures["rejected"] += 1
            assert result["reason"] in ("validation", "forbidden", "unknown_entity", "read_only", "deleted"), result
            return
        assert result["status"] in ("applied", "conflict", "duplicate"), result
        if result["status"] == "duplicate" or bad.get("op") == "delete":
            return
        figures["accepted"] += 1
        accepted_ids.append(bad["id"])
        _renders_and_exports(page, ids.a.programme, entity, bad["id"], figures)

    try:
        run()
    finally:
        _write_figures(app)


def _renders_and_exports(page, programme_id, entity, record_id, figures):
    shown = page.get(f"/review/{programme_id}/records/{entity}/{record_id}")
    assert shown.status_code == 200, shown.get_data(as_text=True)[:500]
    figures["pages"] += 1
    dataset = DATASET[entity]
    as_csv = page.get(f"/review/{programme_id}/exports/{dataset}.csv")
    assert as_csv.status_code == 200
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True).lstrip("\ufeff"))))
    assert any(record_id in row for row in rows[1:])
    as_xlsx = page.get(f"/review/{programme_id}/exports/{dataset}.xlsx")
    assert as_xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(as_xlsx.data), read_only=True)[dataset]
    assert any(record_id in row for row in sheet.iter_rows(values_only=True))
    figures["exports"] += 1
