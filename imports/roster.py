"""The roster import service: rows of a table → participants, through the one write path, all or nothing.

``run_import`` converts each row (``columns.CONVERT``), finds likely duplicates
in the programme (same code; same given and family name and birth year) and
hands every row to be written to ``server_write_many`` in ONE push: schema,
cross-record rules (validate.py), scope, change log, so trainers' phones pull
the new people. Refusals come back per change and are mapped to the row and
the column they came from. With ``commit=False`` (the preview) or when any row
has an error, the transaction is rolled back: nothing is written. Rows without
a code are written without one: the write path gives them the programme's
next code, reported back.

A duplicate row is skipped unless its choice says ``import`` (a new person, as
if no duplicate: not offered for a duplicate code, which the programme cannot
hold twice) or ``update`` (the existing person takes the row's values).
"""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from api.sync.server_write import server_write_many
from models import Cohort, Participant

from .columns import CONVERT, FIELDS, REQUIRED, CellError, text
from .reading import RosterError, Table

CHOICES = ("skip", "import", "update")
#: rows whose cells the preview shows
PREVIEW_ROWS = 10


@dataclass
class Row:
    number: int
    cells: list
    data: dict = field(default_factory=dict)
    #: (column label, message)
    errors: list = field(default_factory=list)
    #: ("code" or "name", Participant) of a likely duplicate
    duplicate: tuple | None = None
    choice: str = "import"
    #: after the write: "created", "updated" or "skipped", and the code
    outcome: str | None = None
    code: str | None = None

    def error(self, column, message) -> None:
        self.errors.append((str(column), str(message)))


@dataclass
class Outcome:
    table: Table
    mapping: dict
    rows: list
    #: problems of the whole file or mapping (translated)
    problems: list
    committed: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.problems) or any(r.errors for r in self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def error_rows(self) -> list:
        return [r for r in self.rows if r.errors]

    @property
    def duplicate_rows(self) -> list:
        return [r for r in self.rows if r.duplicate]


def column_label(table: Table, mapping: dict, name: str) -> str:
    index = mapping.get(name)
    if index is not None and index < len(table.headers) and table.headers[index]:
        return table.headers[index]
    return str(FIELDS.get(name, name))


def _cohorts(session, programme) -> dict:
    """code → id of the programme's live cohorts."""
    return dict(session.execute(select(Cohort.code, Cohort.id).where(Cohort.programme_id == programme.id,
                                                                     Cohort.deleted.is_(False))).all())


def run_import(session, user, programme, table: Table, mapping: dict | None = None, *, cohort: str | None = None,
               choices: dict | None = None, default_choice: str = "skip", commit: bool = False) -> Outcome:
    """Check (and with ``commit`` write) the table's rows as participants of ``programme`` by ``user``.

    ``mapping``: field → column index. ``cohort``: a cohort id or code of the programme for rows
    without a cohort column value. ``choices``: row number → skip|import|update for duplicates.
    """
    from .columns import guess_mapping

    mapping = {k: v for k, v in (guess_mapping(table.headers) if mapping is None else mapping).items()
               if k in FIELDS and v is not None and 0 <= v < len(table.headers)}
    choices = choices or {}
    problems = []
    for name in REQUIRED:
        if name not in mapping:
            problems.append(_("Choose the column of %(field)s.", field=FIELDS[name]))
    used = {}
    for name, index in mapping.items():
        if index in used:
            problems.append(_("The column %(column)s is chosen for both %(a)s and %(b)s.",
                              column=column_label(table, mapping, name), a=FIELDS[used[index]], b=FIELDS[name]))
        used[index] = name
    cohort_ids = _cohorts(session, programme)
    default_cohort = None
    if cohort:
        default_cohort = cohort_ids.get(cohort) or (cohort if cohort in cohort_ids.values() else None)
        if default_cohort is None:
            other = session.scalar(select(func.count()).select_from(Cohort).where(
                (Cohort.code == cohort) | (Cohort.id == cohort)))
            problems.append(_("The cohort %(code)s belongs to another programme.", code=cohort[:40]) if other
                            else _("There is no cohort %(code)s in this programme.", code=cohort[:40]))
    rows = [_convert(table, mapping, number, cells, programme, cohort_ids, default_cohort)
            for number, cells in table.rows]
    missing = {}
    for cell in table.missing_values:
        letters = cell.rstrip("0123456789")
        missing.setdefault(int(cell[len(letters):]), []).append(cell)
    for row in rows:
        for cell in missing.get(row.number, []):
            row.error(cell, _("Cell %(cell)s has a formula without a saved value: open the file in a spreadsheet "
                              "program, save it and upload it again.", cell=cell))
    _find_duplicates(session, programme, rows)
    for row in rows:
        if row.duplicate:
            wanted = choices.get(row.number, default_choice)
            if wanted not in CHOICES or (wanted == "import" and row.duplicate[0] == "code"):
                wanted = "skip"
            row.choice = wanted
    if problems:
        session.rollback()
        return Outcome(table, mapping, rows, problems)
    writes, written_rows = [], []
    for row in rows:
        if row.errors or row.choice == "skip":
            continue
        if row.choice == "update" and row.duplicate:
            existing = row.duplicate[1]
            data = {k: v for k, v in row.data.items() if k != "code" or v != existing.code}
            writes.append(("participant", existing.id, data))
        else:
            writes.append(("participant", None, row.data))
        written_rows.append(row)
    results = server_write_many(session, user, writes, action="import") if writes else []
    for row, result in zip(written_rows, results):
        if result["status"] == "rejected":
            _refusal(table, mapping, row, result)
        else:
            row.outcome = "updated" if row.choice == "update" and row.duplicate else "created"
            row.code = (result.get("data") or {}).get("code") or row.data.get("code") or \
                (row.duplicate[1].code if row.duplicate else None)
    for row in rows:
        if row.choice == "skip" and not row.errors:
            row.outcome = "skipped"
    outcome = Outcome(table, mapping, rows, problems)
    if commit and not outcome.blocked and any(r.outcome in ("created", "updated") for r in rows):
        session.commit()
        outcome.committed = True
    else:
        session.rollback()
    return outcome


def _convert(table, mapping, number, cells, programme, cohort_ids, default_cohort) -> Row:
    row = Row(number=number, cells=cells)
    data = {"programme_id": programme.id}
    for name, index in mapping.items():
        value = cells[index] if index < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            data[name] = CONVERT[name](value)
        except CellError as exc:
            row.error(column_label(table, mapping, name), exc)
    for name in REQUIRED:
        if name in mapping and name not in data and not any(c == column_label(table, mapping, name)
                                                             for c, _m in row.errors):
            row.error(column_label(table, mapping, name), _("This cell is empty: %(field)s is needed.",
                                                            field=FIELDS[name]))
    cohort_code = data.pop("cohort", None)
    if cohort_code is not None:
        if cohort_code in cohort_ids:
            data["cohort_id"] = cohort_ids[cohort_code]
        else:
            row.error(column_label(table, mapping, "cohort"),
                      _("There is no cohort %(code)s in this programme.", code=text(cohort_code)[:40]))
    elif default_cohort:
        data["cohort_id"] = default_cohort
    data.setdefault("enrolled_on", date.today().isoformat())
    if "code" in data and not data["code"]:
        del data["code"]
    row.data = data
    return row


def _find_duplicates(session, programme, rows) -> None:
    """Live participants of the programme with a row's code, or its given and family name and birth year."""
    codes, names = {}, {}
    for person in session.scalars(select(Participant).where(Participant.programme_id == programme.id,
                                                            Participant.deleted.is_(False))):
        codes[person.code] = person
        names.setdefault((person.given_name.casefold(), person.family_name.casefold(), person.birth_year), person)
    for row in rows:
        d = row.data
        if d.get("code") in codes:
            row.duplicate = ("code", codes[d["code"]])
        else:
            name = (str(d.get("given_name", "")).casefold(), str(d.get("family_name", "")).casefold(),
                    d.get("birth_year"))
            if name in names:
                row.duplicate = ("name", names[name])


_FIELD_OF = {"cohort_id": "cohort"}


def _refusal(table, mapping, row, result) -> None:
    errors = result.get("errors") or {}
    if not errors:
        row.error("", _("The row was refused (%(reason)s).", reason=result.get("reason", "")))
    for name, messages in errors.items():
        field_name = _FIELD_OF.get(name, name)
        for message in _messages(messages):
            row.error(column_label(table, mapping, field_name) if field_name in FIELDS else name, message)


def _messages(messages) -> list:
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _messages(value)]
    if isinstance(messages, (list, tuple)):
        return [m for value in messages for m in _messages(value)]
    return [str(messages)]


def read_choice(value: str | None) -> str:
    return value if value in CHOICES else "skip"


__all__ = ["run_import", "Outcome", "Row", "RosterError", "CHOICES", "PREVIEW_ROWS", "read_choice"]
