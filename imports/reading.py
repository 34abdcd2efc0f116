"""A roster file as a table: its header and rows of cells, from CSV (any of the seeds' encodings) or XLSX.

Everything that can go wrong with the file itself raises ``RosterError`` with a
translated message; nothing else escapes (the page and the CLI rely on it).
CSV: UTF-8 (with or without BOM) is certain when the bytes are valid UTF-8;
otherwise the legacy encodings of the seeds' countries are tried and
charset-normalizer picks the likeliest — certain only when the candidates
that decode cleanly all give the same text. XLSX: the unpacked size and the
compression ratio are checked before openpyxl opens the file; formulas give
their saved values (a formula without one is named); merged cells repeat
their value; hidden sheets are passed over unless chosen.
"""
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

#: largest file taken (bytes); the page's request limit is the app's MAX_CONTENT_LENGTH
MAX_FILE_BYTES = 5 * 1024 * 1024
#: data rows taken at most
MAX_ROWS = 10_000
MAX_COLUMNS = 60
#: an XLSX whose parts unpack to more than this is refused before it is opened
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
#: … and so is one whose unpacked size is this many times its packed size (a zip bomb)
MAX_RATIO = 200
#: legacy encodings offered for a CSV that is not UTF-8 (the seeds' countries)
ENCODINGS = {"utf-8": "UTF-8", "cp1250": "Windows-1250", "cp1252": "Windows-1252", "cp1254": "Windows-1254",
             "iso8859_2": "ISO-8859-2"}
LEGACY = ("cp1250", "cp1254", "cp1252", "iso8859_2")
_C1 = re.compile("[\x80-\x9f]")


class RosterError(Exception):
    """A roster that cannot be read or imported; ``str(error)`` is the translated reason."""


@dataclass
class Table:
    kind: str                     # "csv" or "xlsx"
    headers: list
    #: (row number in the file, cells)
    rows: list
    encoding: str | None = None
    #: the encoding follows from the bytes; else it is a guess the user confirms
    encoding_certain: bool = True
    delimiter: str | None = None
    sheets: list = field(default_factory=list)
    sheet: str | None = None
    #: cells that are formulas without a saved value: "C7"
    missing_values: list = field(default_factory=list)


def read_table(data: bytes, filename: str = "", encoding: str | None = None, sheet: str | None = None) -> Table:
    if not data or not data.strip():
        raise RosterError(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise RosterError(_("The file is larger than %(size)s MB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data, sheet)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RosterError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV."))
    if name.endswith((".xlsx", ".xlsm")):
        raise RosterError(_("This file is not a spreadsheet (.xlsx or .csv)."))
    return _csv(data, encoding)


# CSV ---------------------------------------------------------------------
def detect_encoding(data: bytes) -> tuple[str, bool]:
    """(encoding, certain) of a CSV's bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", True
    try:
        data.decode("utf-8")
        return "utf-8", True
    except UnicodeDecodeError:
        pass
    texts = {}
    for name in LEGACY:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if not _C1.search(text):  # C1 control characters: not a text in this encoding
            texts[name] = text
    if len(set(texts.values())) == 1:
        return next(iter(texts)), True
    guess = None
    if texts:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(texts)).best()
        guess = best.encoding if best is not None and best.encoding in texts else None
        guess = guess or next(iter(texts))
    return guess or "cp1252", False


def _csv(data: bytes, encoding: str | None) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, certain = "utf-16", True
    elif b"\x00" in data[:4096]:
        raise RosterError(_("This file is not a spreadsheet (.xlsx or .csv)."))
    elif encoding:
        if encoding not in ENCODINGS:
            raise RosterError(_("Unknown encoding %(name)s: choose one of %(names)s.", name=encoding,
                                names=", ".join(ENCODINGS)))
        certain = True
    else:
        encoding, certain = detect_encoding(data)
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise RosterError(_("The file is not in %(encoding)s (byte %(at)s): choose another encoding.",
                            encoding=ENCODINGS.get(encoding, encoding), at=exc.start + 1)) from None
    text = text.replace("\x00", "")
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        delimiter = max(";,\t", key=first.count)
    records = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for record in reader:
            records.append((reader.line_num, record))
            if len(records) > MAX_ROWS + 50:
                break
    except csv.Error as exc:
        raise RosterError(_("The CSV file cannot be read near line %(line)s.", line=len(records) + 1)) from exc
    return _table("csv", records, encoding=encoding, encoding_certain=certain, delimiter=delimiter)


def _table(kind, records, **extra) -> Table:
    rows = [(n, [_cell(v) for v in cells]) for n, cells in records]
    rows = [(n, cells) for n, cells in rows if any(c not in (None, "") for c in cells)]
    if not rows:
        raise RosterError(_("The file is empty."))
    (_n, headers), rows = rows[0], rows[1:]
    while headers and headers[-1] in (None, ""):
        headers.pop()
    if not headers:
        raise RosterError(_("The file is empty."))
    if len(headers) > MAX_COLUMNS:
        raise RosterError(_("The file has more than %(count)s columns.", count=MAX_COLUMNS))
    if not rows:
        raise RosterError(_("The file has a header but no rows under it."))
    if len(rows) > MAX_ROWS:
        raise RosterError(_("The file has more than %(count)s rows: split it.", count=MAX_ROWS))
    headers = [str(h).strip() if h not in (None, "") else "" for h in headers]
    width = len(headers)
    rows = [(n, (cells + [None] * width)[:width]) for n, cells in rows]
    return Table(kind=kind, headers=headers, rows=rows, **extra)


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, datetime):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
    if value is None or isinstance(value, (int, float, date)):
        return value
    return str(value)


# XLSX --------------------------------------------------------------------
def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RosterError(_("This file is not a spreadsheet (.xlsx or .csv).")) from None
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO):
        raise RosterError(_("The spreadsheet unpacks to %(size)s MB, more than can be read: save it again with "
                            "less formatting, or as CSV.", size=unpacked // (1024 * 1024)))
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise RosterError(_("This file is not a spreadsheet (.xlsx or .csv)."))
    return archive


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _sheet_xml(archive, path):
    """Merged ranges of a sheet (read_only openpyxl does not read them) and whether it has formulas."""
    from openpyxl.utils import column_index_from_string

    try:
        xml = archive.read(path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError):
        return [], True
    merges = [(int(r1), column_index_from_string(c1.decode()), int(r2), column_index_from_string(c2.decode()))
              for c1, r1, c2, r2 in _MERGE.findall(xml)]
    return merges, bool(_FORMULA.search(xml))


def _xlsx(data: bytes, sheet: str | None) -> Table:
    import openpyxl
    from openpyxl.utils import get_column_letter

    archive = _check_zip(data)
    formula_book = None
    try:
        values_book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file  # noqa: BLE001
        raise RosterError(_("This file is not a spreadsheet (.xlsx or .csv).")) from None
    try:
        visible = [ws.title for ws in values_book.worksheets if ws.sheet_state == "visible"]
        names = [ws.title for ws in values_book.worksheets]
        if sheet:
            if sheet not in names:
                raise RosterError(_("The spreadsheet has no sheet %(name)s.", name=sheet))
            chosen = sheet
        elif visible:
            chosen = visible[0]
        else:
            raise RosterError(_("The spreadsheet has no visible sheet."))
        values_ws = values_book[chosen]
        merges, has_formulas = _sheet_xml(archive, getattr(values_ws, "_worksheet_path", ""))
        records, missing = [], []
        try:
            if has_formulas:  # a second pass tells a formula without a saved value from an empty cell
                formula_book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                formula_rows = formula_book[chosen].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
            else:
                formula_rows = iter(lambda: (), None)
            for number, (values, formulas) in enumerate(zip(
                    values_ws.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), formula_rows), start=1):
                cells = list(values)
                for i, (value, formula) in enumerate(zip(values, formulas)):
                    if value is None and isinstance(formula, str) and formula.startswith("="):
                        missing.append(f"{get_column_letter(i + 1)}{number}")
                records.append((number, cells))
                if len(records) > MAX_ROWS + 50:
                    break
        except RosterError:
            raise
        except Exception:  # a damaged sheet part  # noqa: BLE001
            raise RosterError(_("This file is not a spreadsheet (.xlsx or .csv).")) from None
        _fill_merges(records, merges)
        table = _table("xlsx", records, sheets=names, sheet=chosen)
        table.missing_values = missing
        return table
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()


def _fill_merges(records, merges) -> None:
    """Every cell of a merged range takes the value of its top-left cell."""
    if not merges:
        return
    by_number = {n: cells for n, cells in records}
    for r1, c1, r2, c2 in merges:
        top = by_number.get(r1)
        if top is None or c1 > len(top) or (r2 - r1 + 1) * (c2 - c1 + 1) > 200_000:
            continue
        value = top[c1 - 1]
        for r in range(r1, min(r2, r1 + MAX_ROWS + 50) + 1):
            cells = by_number.get(r)
            if cells is None:
                continue
            for c in range(c1, min(c2, MAX_COLUMNS + 1) + 1):
                if c - 1 < len(cells) and (r, c) != (r1, c1):
                    cells[c - 1] = value
