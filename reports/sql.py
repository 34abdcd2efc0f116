"""SQL expressions that SQLite and PostgreSQL spell differently, behind one name each."""
from datetime import date

from sqlalchemy import Date, Integer, Text, cast, func, literal


def dialect_name(session) -> str:
    return session.get_bind().dialect.name


def week_start(session, column):
    """Monday of the ISO week of a DATE column."""
    if dialect_name(session) == "postgresql":
        return cast(func.date_trunc("week", column), Date)
    return func.date(column, "-6 days", "weekday 1")


def days_between(session, later, earlier):
    """Whole days from ``earlier`` to ``later`` (two DATE expressions)."""
    if dialect_name(session) == "postgresql":
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def json_list_contains(column, value: str):
    """Whether a JSON list of strings holds ``value`` (values are plain slugs, no quotes)."""
    return cast(column, Text).like(f'%"{value}"%')


def field_author(model, field: str):
    """The user who wrote ``field`` (field_meta[field][2]), else the record's last editor."""
    return func.coalesce(model.field_meta[(field, 2)].as_string(), model.updated_by_id)


def as_date(value) -> date | None:
    """SQLite hands dates computed in SQL back as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def age_in_years(reference: date, birth_year_column):
    """Age at the reference date from a birth year alone (see docs/indicators.md)."""
    return literal(reference.year) - birth_year_column
