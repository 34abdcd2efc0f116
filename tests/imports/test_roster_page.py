"""The roster import page: upload → preview → import; the people reach a trainer's phone; bad files; no 5xx."""
import io
import re

import pytest
from sqlalchemy import func, select

from models import AuditLog, Participant
from tests.imports.fixtures import PEOPLE, csv_bytes, xlsx_bytes, zip_bomb
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401
from tests.sync.conftest import SyncDevice


def _upload(client, w, data, filename):
    url = f"/admin/programmes/{w.a.programme.id}/participants/import"
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _preview(client, w, data, filename):
    response = _upload(client, w, data, filename)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"])
    return response.headers["Location"], page


def _post(client, url, page, **form):
    form["csrf_token"] = csrf_from(page.get_data(as_text=True))
    return client.post(url, data=form)


def _count(db_session, w):
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(Participant).where(
        Participant.programme_id == w.a.programme.id))


FILES = {
    "xlsx": (lambda: xlsx_bytes(), "roster.xlsx", {}),
    "utf8-bom": (lambda: csv_bytes(bom=True), "roster.csv", {}),
    "cp1250": (lambda: csv_bytes(encoding="cp1250"), "roster.csv", {"encoding": "cp1250"}),
}


@pytest.mark.parametrize("kind", FILES)
def test_a_roster_is_imported_and_reaches_the_trainers_phone(client, w, db_session, api, kind):
    make, filename, settings = FILES[kind]
    phone = SyncDevice(api("trainer_a"))
    phone.pull_all()
    before = _count(db_session, w)
    sign_in(client, "coord_a")
    url, page = _preview(client, w, make(), filename)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    if kind == "cp1250":
        assert "cannot be told for certain" in html
        page = _post(client, url, page, action="preview", **settings)
        html = page.get_data(as_text=True)
    assert "Čaušević" in html and "Đurđa" in html and "Import 3 participants" in html
    report = _post(client, url, page, action="commit", **settings)
    text = report.get_data(as_text=True)
    assert report.status_code == 200 and "Participants imported" in text, text[:3000]
    assert _count(db_session, w) == before + 3
    codes = re.findall(r"prog-a-\d{4}", text)
    assert len(codes) == 3
    pulled = {c["data"]["family_name"]: c["data"] for c in phone.pull_all() if c["entity"] == "participant"}
    assert pulled["Ćosić"]["given_name"] == "Čedomir" and pulled["Šarić"]["target_groups"] == ["roma", "refugee"]
    assert pulled["Ćosić"]["code"] in codes
    assert "Čaušević" not in pulled  # cohort a2: not this trainer's
    assert db_session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "import")) == 3
    # the file is gone after the import
    assert client.post(url, data={"csrf_token": csrf_from(text), "action": "commit"}).status_code == 404


BAD = {
    "empty": (b"", "roster.csv", "The file is empty"),
    "blank": (b" \r\n \r\n", "roster.csv", "The file is empty"),
    "header only": (csv_bytes(rows=[["", "", "", "", "", "", ""]]), "roster.csv", "no rows under it"),
    "not a spreadsheet": (b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)) * 4, "photo.xlsx", "not a spreadsheet"),
    "binary csv": (bytes(range(256)) * 8, "roster.csv", "not a spreadsheet"),
    "broken zip": (b"PK\x03\x04" + b"x" * 400, "roster.xlsx", "not a spreadsheet"),
    "zip bomb": (zip_bomb(), "roster.xlsx", "unpacks to"),
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "roster.xls", ".xls"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_refused_on_upload_with_a_reason(client, w, db_session, case):
    data, filename, message = BAD[case]
    sign_in(client, "coord_a")
    response = _upload(client, w, data, filename)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_an_upload_too_large_is_refused_without_a_5xx(client, w):
    sign_in(client, "coord_a")
    response = _upload(client, w, b"a;b\r\n" * (1024 * 1024 + 10), "roster.csv")
    assert response.status_code == 413


ROW_ERRORS = {
    "nineteen": (csv_bytes([[*PEOPLE[0][:3], "nineteen", *PEOPLE[0][4:]]], bom=True), "nineteen is not a year"),
    "target group": (csv_bytes([[*PEOPLE[0][:4], "pirates", *PEOPLE[0][5:]]], bom=True),
                     "pirates is not a target group"),
    "date": (csv_bytes([[*PEOPLE[0][:5], "31.2.2026", PEOPLE[0][6]]], bom=True), "not a date in the calendar"),
    "gender": (csv_bytes([[*PEOPLE[0][:2], "dunno", *PEOPLE[0][3:]]], bom=True), "not a gender"),
    "cohort": (csv_bytes([[*PEOPLE[0][:6], "b1"]], bom=True), "There is no cohort b1"),
    "year range": (csv_bytes([[*PEOPLE[0][:3], "1850", *PEOPLE[0][4:]]], bom=True), "Birth year must be between"),
    "formula": (xlsx_bytes(formulas=True), "Cell D2 has a formula without a saved value"),
}


@pytest.mark.parametrize("case", ROW_ERRORS)
def test_a_bad_row_is_named_by_row_and_column_and_blocks_everything(client, w, db_session, case):
    data, message = ROW_ERRORS[case]
    filename = "roster.xlsx" if case == "formula" else "roster.csv"
    before = _count(db_session, w)
    sign_in(client, "coord_a")
    url, page = _preview(client, w, data, filename)
    html = page.get_data(as_text=True)
    assert message in html and "Rows with errors" in html and "Import 1 participants" not in html
    assert re.search(r'<th scope="row">2</th><td><bdi>[^<]+</bdi></td>', html)
    refused = _post(client, url, page, action="commit")
    assert refused.status_code == 400
    assert _count(db_session, w) == before


def test_all_or_nothing_when_the_write_path_refuses_one_row(client, w, db_session):
    rows = [[*p, f"X-{i}"] for i, p in enumerate(PEOPLE)]
    rows.append([*PEOPLE[0], "X-0"])  # the same code twice: the write path refuses the second
    header = [*__import__("tests.imports.fixtures", fromlist=["x"]).HEADER_BS, "Šifra"]
    before = _count(db_session, w)
    sign_in(client, "coord_a")
    url, page = _preview(client, w, csv_bytes(rows, header=header, bom=True), "roster.csv")
    html = page.get_data(as_text=True)
    assert "Another participant of this programme has this code" in html
    assert _post(client, url, page, action="commit").status_code == 400
    assert _count(db_session, w) == before


def test_a_cohort_of_another_programme_is_refused(client, w, db_session):
    sign_in(client, "coord_a")
    rows = [[*p[:6], ""] for p in PEOPLE]
    url, page = _preview(client, w, csv_bytes(rows, bom=True), "roster.csv")
    refused = _post(client, url, page, action="commit", cohort=w.b.cohort.id)
    assert refused.status_code == 400
    assert "belongs to another programme" in refused.get_data(as_text=True)


def test_hidden_sheets_and_merged_cells(client, w, db_session):
    sign_in(client, "coord_a")
    url, page = _preview(client, w, xlsx_bytes(hidden_first=True, merged=True), "roster.xlsx")
    html = page.get_data(as_text=True)
    assert "not the roster" not in html and "Čaušević" in html and "Import 3 participants" in html
    _post(client, url, page, action="commit")
    db_session.rollback()
    people = db_session.scalars(select(Participant).where(Participant.family_name.in_(["Ćosić", "Čaušević"])))
    assert {p.cohort_id for p in people} == {w.a.cohort.id}  # the merged cohort cell repeats its value


def test_duplicates_are_shown_with_a_choice(client, w, db_session):
    existing = w.a.participants[0]
    rows = [[existing.given_name, existing.family_name, "F", str(existing.birth_year), "", "1.9.2026", "a1"],
            ["Novi", "Novak", "M", "1990", "", "1.9.2026", "a1"]]
    sign_in(client, "coord_a")
    url, page = _preview(client, w, csv_bytes(rows, bom=True), "roster.csv")
    html = page.get_data(as_text=True)
    assert "Likely duplicates" in html and existing.code in html and "same name and birth year" in html
    before = _count(db_session, w)
    page = _post(client, url, page, action="preview", **{"choice.2": "import"})
    assert "Import 2 participants" in page.get_data(as_text=True)
    report = _post(client, url, page, action="commit", **{"choice.2": "update"})
    assert report.status_code == 200
    assert _count(db_session, w) == before + 1
    assert db_session.get(Participant, existing.id).consent_on.isoformat() == "2026-09-01"


def test_another_users_upload_is_not_found(client, w, db_session, app):
    sign_in(client, "coord_a")
    url, _page = _preview(client, w, csv_bytes(bom=True), "roster.csv")
    client.get("/logout")
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    other = app.test_client()
    sign_in(other, "admin")
    assert other.get(url).status_code == 404
    trainer = app.test_client()
    sign_in(trainer, "trainer_a")
    assert trainer.get(url).status_code == 403
