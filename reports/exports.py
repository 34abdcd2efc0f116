"""Writing datasets as CSV (streamed) or XLSX (openpyxl, write-only), and naming them."""
import csv
import io
import json
import re
import tempfile
from datetime import date, datetime, timezone

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from security.text import clean, clean_nested

from .datasets import ENTITY_DATASETS, PERSONAL_DATASETS, entity_table
from .period import Period
from .tables import INDICATOR_TABLES, indicator_tables

FORMATS = ("csv", "xlsx")
#: every dataset a coordinator can download: entities, one indicator table each, and all indicators at once
DATASETS = (*ENTITY_DATASETS, *(f"indicators-{t}" for t in INDICATOR_TABLES), "indicators")
#: a sheet holds at most 1,048,576 rows; longer datasets go on to a next sheet
MAX_SHEET_ROWS = 1_000_000
#: a text starting with one of these would run as a formula in a spreadsheet: at the start of a cell, and
#: after any character a spreadsheet may split a cell at (its list separator is "," or ";" by locale, or tab)
_FORMULA = re.compile(r"(^|[,;\t\r\n])( *)(?=[=+\-@\t\r])")


class UnknownExport(ValueError):
    pass


def plain(value):
    """A cell value as text-friendly data: dates ISO, lists joined, objects as JSON; text no file may hold removed."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return clean(";".join(value))
    if isinstance(value, (dict, list)):
        return json.dumps(clean_nested(value), ensure_ascii=False, sort_keys=True)
    return value


def _csv_safe(value):
    """A cell never read as a formula: an apostrophe before a formula start wherever a cell could begin."""
    value = plain(value)
    if isinstance(value, str):
        return _FORMULA.sub(r"\1\2'", value)
    return "" if value is None else value


def tables_for(session, programme, dataset: str, period: Period, now) -> list[tuple[str, list, object]]:
    """[(sheet name, headers, rows iterable)] of a dataset; raises UnknownExport."""
    if dataset in ENTITY_DATASETS:
        headers, rows = entity_table(session, dataset, period)
        return [(dataset, headers, rows)]
    tables = indicator_tables(session, programme, period, now)
    if dataset == "indicators":
        return [(name, *tables[name]()) for name in INDICATOR_TABLES]
    name = dataset.removeprefix("indicators-")
    if dataset.startswith("indicators-") and name in tables:
        return [(name, *tables[name]())]
    raise UnknownExport(dataset)


def csv_chunks(tables) -> iter:
    """CSV text in chunks; several tables follow each other with a blank line and a title row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for i, (name, headers, rows) in enumerate(tables):
        if len(tables) > 1:
            if i:
                writer.writerow([])
            writer.writerow([f"# {name}"])
        writer.writerow(headers)
        for n, row in enumerate(rows, 1):
            writer.writerow([_csv_safe(v) for v in row])
            if n % 1000 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def _xlsx_cell(sheet, value):
    value = plain(value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def write_xlsx(tables, title: str):
    """The workbook in a temporary file (rewound), one sheet per table."""
    book = Workbook(write_only=True)
    book.properties.title = title
    for name, headers, rows in tables:
        part, sheet = 1, book.create_sheet(name[:31])
        sheet.append(headers)
        count = 0
        for row in rows:
            if count == MAX_SHEET_ROWS:
                part += 1
                sheet = book.create_sheet(f"{name[:27]} ({part})")
                sheet.append(headers)
                count = 0
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            count += 1
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return handle


def is_personal(dataset: str) -> bool:
    return dataset in PERSONAL_DATASETS


def filename(programme, dataset: str, fmt: str, period: Period) -> str:
    span = "".join(f"_{d.isoformat()}" for d in (period.start, period.end) if d)
    return f"{programme.code}_{dataset}{span}.{fmt}"
