"""The reader alone: heavy styling, the row limit, encodings told for certain or not."""
import pytest

from imports.reading import MAX_ROWS, RosterError, detect_encoding, read_table
from tests.imports.fixtures import csv_bytes, xlsx_bytes


def test_heavy_styling_is_read(app):
    data = xlsx_bytes(styled=True)
    with app.test_request_context():
        table = read_table(data, "styled.xlsx")
    assert [cells[1] for _n, cells in table.rows[:3]] == ["Ćosić", "Šarić", "Čaušević"]


def test_more_rows_than_the_limit_are_refused(app):
    rows = [["A", "B", "M", "1990", "", "1.9.2026", "a1"]] * (MAX_ROWS + 1)
    with app.test_request_context(), pytest.raises(RosterError, match="more than 10000 rows"):
        read_table(csv_bytes(rows), "big.csv")


@pytest.mark.parametrize("encoding, certain", [("utf-8", True), ("cp1250", False), ("cp1254", False)])
def test_encodings(encoding, certain):
    data = csv_bytes(encoding=encoding) if encoding != "cp1254" else "Ad;Soyad\r\nÇağla;Yıldız\r\n".encode("cp1254")
    found, sure = detect_encoding(data)
    assert sure is certain
    if certain:
        assert found == encoding


def test_the_delimiter_is_sniffed(app):
    with app.test_request_context():
        for delimiter in (";", ",", "\t"):
            table = read_table(csv_bytes(delimiter=delimiter, bom=True), "roster.csv")
            assert table.delimiter == delimiter and table.headers[1] == "Prezime"
