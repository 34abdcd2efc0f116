"""Roster files made in the test (no binaries committed): XLSX, CSVs in several encodings, bad files."""
import io
import zipfile
from datetime import datetime

import openpyxl

HEADER_BS = ["Ime", "Prezime", "Spol", "Godina rođenja", "Ciljne grupe", "Datum saglasnosti", "Kohorta"]
PEOPLE = [
    ["Čedomir", "Ćosić", "M", "1998", "NEET", "1.9.2026", "a1"],
    ["Đurđa", "Šarić", "Ž", "2001", "Roma, izbjeglice", "2026-09-02", "a1"],
    ["Žana", "Čaušević", "žensko", "1995", "", "03.09.2026", "a2"],
]


def csv_bytes(rows=None, header=None, encoding="utf-8", delimiter=";", bom=False) -> bytes:
    lines = [delimiter.join(r) for r in [header or HEADER_BS, *(rows or PEOPLE)]]
    data = "\r\n".join(lines).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows=None, header=None, *, formulas=False, merged=False, hidden_first=False, count=None,
               styled=False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if hidden_first:
        sheet.title = "Notes"
        sheet.append(["not the roster"])
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet("Roster")
    sheet.append(header or ["First name", "Last name", "Gender", "Year of birth", "Target group", "Consent",
                            "Enrolment date", "Cohort"])
    if count:
        for i in range(count):
            sheet.append([f"Given{i}", f"Family{i}", "female" if i % 2 else "male", 1980 + i % 30, "neet",
                          datetime(2026, 9, 1), "2026-09-01", "a1"])
    else:
        for given, family, gender, year, groups, consent, cohort in rows or PEOPLE:
            sheet.append([given, family, gender, int(year), groups, consent, datetime(2026, 9, 1), cohort])
    if formulas:
        sheet["D2"] = "=1990+8"  # openpyxl saves no cached value: the cell is named
    if merged:
        sheet.merge_cells(start_row=2, start_column=8, end_row=sheet.max_row, end_column=8)
    if styled:
        from openpyxl.styles import Font, PatternFill

        for row in range(1, 300):
            for col in range(1, 60):
                cell = sheet.cell(row=row + 200, column=col + 20)
                cell.font = Font(name=f"Font{row}", size=8 + (row * col) % 30, color=f"{(row * col * 7919) % 0xFFFFFF:06X}")
                cell.fill = PatternFill("solid", fgColor=f"{(row * 104729 + col) % 0xFFFFFF:06X}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (200 * 1024 * 1024) + b"</a>")
    return out.getvalue()
