"""flask participants import: the same files as the page; all or nothing; exit status."""
from sqlalchemy import select

from models import Participant
from tests.imports.fixtures import PEOPLE, csv_bytes, xlsx_bytes


def _run(runner, tmp_path, data, name, *args):
    path = tmp_path / name
    path.write_bytes(data)
    return runner.invoke(args=["participants", "import", str(path), "--programme", "prog-a", *args])


def _people(db_session, programme):
    db_session.rollback()
    return {(p.given_name, p.family_name): p for p in db_session.scalars(
        select(Participant).where(Participant.programme_id == programme.id))}


def test_xlsx_is_imported_with_server_codes(world, runner, db_session, tmp_path):
    result = _run(runner, tmp_path, xlsx_bytes(), "roster.xlsx")
    assert result.exit_code == 0, result.output
    people = _people(db_session, world.a.programme)
    assert people[("Žana", "Čaušević")].code == "prog-a-0003" or people[("Žana", "Čaušević")].code.startswith("prog-a-")
    assert people[("Đurđa", "Šarić")].target_groups == ["roma", "refugee"]
    assert people[("Žana", "Čaušević")].cohort_id == world.a.other_cohort.id
    assert "3 created" in result.output


def test_cp1250_csv_needs_its_encoding_and_then_reads_right(world, runner, db_session, tmp_path):
    data = csv_bytes(encoding="cp1250")
    refused = _run(runner, tmp_path, data, "roster.csv")
    assert refused.exit_code != 0 and "--encoding" in refused.output
    assert ("Čedomir", "Ćosić") not in _people(db_session, world.a.programme)
    result = _run(runner, tmp_path, data, "roster.csv", "--encoding", "cp1250")
    assert result.exit_code == 0, result.output
    assert {("Čedomir", "Ćosić"), ("Đurđa", "Šarić"), ("Žana", "Čaušević")} <= set(_people(db_session, world.a.programme))


def test_a_bad_row_writes_nothing_and_names_row_and_column(world, runner, db_session, tmp_path):
    rows = [*PEOPLE, ["Ana", "Anić", "F", "nineteen", "pirates", "32.13.2026", "b1"]]
    result = _run(runner, tmp_path, csv_bytes(rows, bom=True), "roster.csv")
    assert result.exit_code == 1
    assert "row 5, Godina rođenja: nineteen is not a year" in result.output
    assert "row 5, Ciljne grupe: pirates is not a target group" in result.output
    assert "row 5, Datum saglasnosti" in result.output and "row 5, Kohorta: There is no cohort b1" in result.output
    assert "Nothing was imported" in result.output
    assert ("Čedomir", "Ćosić") not in _people(db_session, world.a.programme)


def test_duplicates_are_skipped_by_default_and_updated_on_request(world, runner, db_session, tmp_path):
    assert _run(runner, tmp_path, csv_bytes(bom=True), "roster.csv").exit_code == 0
    again = _run(runner, tmp_path, csv_bytes(bom=True), "roster.csv")
    assert again.exit_code == 1 and "0 created, 0 updated, 3 skipped" in again.output
    changed = [[*PEOPLE[0][:4], "Roma", *PEOPLE[0][5:]]]
    updated = _run(runner, tmp_path, csv_bytes(changed, bom=True), "roster.csv", "--duplicates", "update")
    assert updated.exit_code == 0, updated.output
    assert _people(db_session, world.a.programme)[("Čedomir", "Ćosić")].target_groups == ["roma"]
    assert len([k for k in _people(db_session, world.a.programme) if k == ("Čedomir", "Ćosić")]) == 1
