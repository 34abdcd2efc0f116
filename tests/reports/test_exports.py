"""Exports: CSV and XLSX of entities and indicator tables, scoped, suppressed, audited."""
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditLog
from tests.factories import make_participant
from tests.review_fixtures import make_attendance, sign_in, w  # noqa: F401


def _csv(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.fixture
def bigger(w, db_session):
    """Programme A with 9 more women and 2 men, so some cells are large and some small."""
    for i in range(9):
        make_participant(w.a.programme, w.a.cohort, f"W-{i}", gender="female", birth_year=2003)
    make_participant(w.a.programme, w.a.cohort, "M-1", gender="male", birth_year=1990, target_groups=["roma"])
    make_participant(w.a.programme, w.a.cohort, "M-2", gender="male", birth_year=1990, target_groups=["=cmd|x"])
    for person in w.a.participants:
        make_attendance(w.a.session, person, "present")
    db_session.commit()
    return w


def test_entity_csv_holds_the_programmes_records_only(client, bigger, db_session):
    sign_in(client, "coord_a")
    response = client.get(f"/review/{bigger.a.programme.id}/exports/participants.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    codes = {r[header.index("code")] for r in body}
    assert len(body) == 15 and "A-001" in codes and not any(c.startswith("B-") for c in codes)
    groups = {r[header.index("code")]: r[header.index("target_groups")] for r in body}
    assert groups["M-2"].startswith("'=")  # a would-be formula is written as text
    audit = db_session.scalars(select(AuditLog).where(AuditLog.action == "export")).all()
    assert [(a.entity, a.detail["format"], a.detail["personal"]) for a in audit] == [("participants", "csv", True)]


def test_attendance_xlsx_reads_back(client, bigger):
    sign_in(client, "coord_a")
    response = client.get(f"/review/{bigger.a.programme.id}/exports/attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True)["attendance"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("id", "session_date", "cohort", "session_topic", "participant_code")
    assert sorted(r[4] for r in rows[1:]) == ["A-001", "A-002", "A-003"]


def test_indicator_workbook_suppresses_small_cells(client, bigger):
    sign_in(client, "coord_a")
    response = client.get(f"/review/{bigger.a.programme.id}/exports/indicators.xlsx?reference=2026-06-30")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert set(book.sheetnames) >= {"enrolment", "targets", "attendance_weekly", "hours", "skills", "outcomes",
                                    "data_quality"}
    cells = {(d, c): v for d, c, v in list(book["enrolment"].iter_rows(values_only=True))[1:]}
    assert cells[("total", "participants")] == 15
    # 13 women, 2 men: men hidden, and women too, or 15 − 13 would give the men away
    assert cells[("gender", "male")] == "<5" and cells[("gender", "female")] == "<5"
    assert cells[("target_group", "neet")] == 13 and cells[("target_group", "roma")] == "<5"
    assert cells[("age_band", "15_24")] == 9 and cells[("age_band", "30_plus")] == "<5"
    weekly = list(book["attendance_weekly"].iter_rows(values_only=True))
    assert weekly[1][1:] == ("<5", "<5", "<5", "<5")  # three people that week


def test_single_indicator_table_as_csv(client, bigger):
    sign_in(client, "coord_a")
    rows = _csv(client.get(f"/review/{bigger.a.programme.id}/exports/indicators-targets.csv"))
    assert rows[0] == ["target", "target_value", "reached", "share", "target_from", "target_to"]
    assert ["participants", "20.0", "15", "0.75", "", ""] in rows


def test_api_export_for_coordinators_only(client, bigger, api):
    programme = bigger.a.programme.id
    coordinator = api("coord_a")
    listing = coordinator.get("/exports").get_json()
    assert "attendance" in [d["name"] for d in listing["datasets"]]
    response = coordinator.get(f"/exports/{programme}/outcomes.csv")
    assert response.status_code == 200 and _csv(response)[0][1] == "participant_code"
    other = api("coord_b").get(f"/exports/{programme}/participants.csv")
    assert other.status_code == 404 and other.get_json()["message"] == "No programme with this id among yours."
    trainer = api("trainer_a").get(f"/exports/{programme}/participants.csv")
    assert trainer.status_code == 403
    assert coordinator.get(f"/exports/{programme}/passwords.csv").status_code == 404
    assert coordinator.get(f"/exports/{programme}/participants.pdf").status_code == 404
    bad = coordinator.get(f"/exports/{programme}/indicators.xlsx?from=2026-99-01")
    assert bad.status_code == 400 and "from" in bad.get_json()["errors"]


def test_page_export_of_another_programme_is_not_found(client, bigger, db_session):
    sign_in(client, "coord_b")
    assert client.get(f"/review/{bigger.a.programme.id}/exports/participants.csv").status_code == 404
    assert db_session.scalars(select(AuditLog).where(AuditLog.action == "export")).all() == []


def _stored_with_bad_text(w, db_session):
    """A participant and a survey response holding text stored before the text rule (or by another writer)."""
    from datetime import date

    from models import SurveyForm, SurveyResponse

    person = make_participant(w.a.programme, w.a.cohort, "X-1", given_name="Ana\x0b\x01\x1b", family_name="x;=1+1;y",
                              exit_reason="a,@SUM(1)\tb\t-2")
    form = SurveyForm(programme_id=w.a.programme.id, code="exit", form_version=1, title="Exit", questions=[])
    db_session.add(form)
    db_session.flush()
    answers = {"q1": "yes\x0b\x08", "q\x01": ["=1+1", "ok;+2"]}
    if db_session.get_bind().dialect.name == "sqlite":
        answers["q2"] = "half \ud83d emoji"  # JSON stores it as an escape; PostgreSQL refuses it outright
    db_session.add(SurveyResponse(programme_id=w.a.programme.id, cohort_id=w.a.cohort.id, form_id=form.id,
                                  form_version=1, participant_id=person.id, answers=answers,
                                  collected_on=date(2026, 11, 2)))
    db_session.commit()
    return person


@pytest.mark.parametrize("dataset", ["participants", "survey_responses"])
def test_xlsx_export_never_fails_on_characters_xml_forbids(client, w, db_session, dataset):
    _stored_with_bad_text(w, db_session)
    sign_in(client, "coord_a")
    response = client.get(f"/review/{w.a.programme.id}/exports/{dataset}.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data), read_only=True)[dataset].iter_rows(values_only=True))
    text = repr(rows)
    assert len(rows) > 1 and "\\x0b" not in text and "\\x01" not in text and "\\ud83d" not in text


def test_csv_quotes_every_cell_and_neutralises_formulas_after_any_separator(client, w, db_session):
    _stored_with_bad_text(w, db_session)
    sign_in(client, "coord_a")
    response = client.get(f"/review/{w.a.programme.id}/exports/participants.csv")
    assert response.status_code == 200
    raw = response.get_data(as_text=True).lstrip("\ufeff")
    for line in raw.splitlines():
        assert line.startswith('"') and line.endswith('"'), line  # QUOTE_ALL
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    person = next(r for r in body if r[header.index("code")] == "X-1")
    assert person[header.index("family_name")] == "x;'=1+1;y"
    assert person[header.index("exit_reason")] == "a,'@SUM(1)\tb\t'-2"
    assert person[header.index("given_name")] == "Ana"
    answers = _csv(client.get(f"/review/{w.a.programme.id}/exports/survey_responses.csv"))
    cell = answers[1][answers[0].index("answers")]
    assert "\x0b" not in cell and "\x01" not in cell and "ok;'+2" in cell


def test_every_cell_split_at_any_separator_starts_safely():
    from reports.exports import _csv_safe

    for text in ["x;=1+1;y", "a, +b", "@x", "-1", "a\t=b", "1,2;3\t+4", "x\r=1", "ok"]:
        cell = _csv_safe(text)
        for sep in (",", ";", "\t", "\r", "\n"):
            for part in cell.split(sep):
                assert not part.lstrip(" ").startswith(("=", "+", "-", "@")), (text, cell, part)
