"""clean stored text: no lone surrogates, NUL or XML-illegal control characters; one-line fields on one line

Text stored before the text rule (security/text.py) could hold characters no
export, XML reader or PostgreSQL parameter takes. Every string and JSON column
of the synced tables (plus conflicts' values and device names) is cleaned with
the same ``clean``; a synced record that changed gets a new version in the
change log, so phones pull the clean copy and never resend the bad one with an
unrelated edit.

Revision ID: 0003t
Revises: 0003i
Create Date: 2026-12-01 06:20:00

"""
from alembic import op
import sqlalchemy as sa

from security.text import ILLEGAL, clean, clean_nested, is_multiline

# revision identifiers, used by Alembic.
revision = '0003t'
down_revision = '0003i'
branch_labels = None
depends_on = None

#: table → wire entity of the synced tables (their changes go through the change log)
SYNCED = {
    "participants": "participant", "sessions": "session", "attendance": "attendance", "assessments": "assessment",
    "mentoring_goals": "mentoring_goal", "outcomes": "outcome", "survey_responses": "survey_response",
    "programmes": "programme", "sites": "site", "cohorts": "cohort", "occupations": "occupation", "skills": "skill",
    "survey_forms": "survey_form", "users": "user", "reviews": "review",
}
#: other tables whose text is shown on coordinator pages
OTHER = ("conflicts", "device_tokens")
#: columns that are not text a person wrote
_SKIP = frozenset({"id", "field_meta", "password_hash", "token_hash", "endpoint", "p256dh", "auth"})
#: an identity: a removed character is marked rather than dropped, so two values never become one
_IDENTITY = frozenset({"code", "username"})
_CHUNK = 1000


def _columns(table: sa.Table) -> list:
    return [c for c in table.columns
            if isinstance(c.type, (sa.String, sa.Text, sa.JSON)) and c.name not in _SKIP
            and not c.name.endswith("_id") and not c.primary_key]


def _cleaned(column, value):
    if value is None:
        return None
    if isinstance(column.type, sa.JSON):
        return clean_nested(value)
    if column.name in _IDENTITY:
        return clean(ILLEGAL.sub("\ufffd", value), multiline=False)
    return clean(value, multiline=is_multiline(column.name))


def _next_seq(conn) -> int:
    if conn.dialect.name == "postgresql":
        return conn.execute(sa.text("SELECT nextval(pg_get_serial_sequence('change_log', 'seq'))")).scalar()
    return (conn.execute(sa.text("SELECT max(seq) FROM change_log")).scalar() or 0) + 1


def _bump(conn, table: sa.Table, entity: str, record_id: str) -> None:
    """A new version of the record in the change log: every device in scope pulls it again."""
    seq = _next_seq(conn)
    log = sa.table("change_log", sa.column("seq"), sa.column("entity"), sa.column("record_id"), sa.column("op"),
                   sa.column("request_id"))
    updated = conn.execute(sa.update(log).where(log.c.entity == entity, log.c.record_id == record_id,
                                                log.c.op.in_(("upsert", "delete")))
                           .values(seq=seq, request_id=None))
    if updated.rowcount:
        conn.execute(sa.update(table).where(table.c.id == record_id).values(version=seq))


def clean_table(conn, name: str, entity: str | None) -> int:
    """Clean one table; the number of rows changed."""
    table = sa.Table(name, sa.MetaData(), autoload_with=conn)
    columns = _columns(table)
    if not columns or "id" not in table.columns:
        return 0
    changed, last = 0, None
    while True:
        query = sa.select(table.c.id, *columns).order_by(table.c.id).limit(_CHUNK)
        if last is not None:
            query = query.where(table.c.id > last)
        rows = conn.execute(query).all()
        if not rows:
            return changed
        for row in rows:
            values = {}
            for column in columns:
                value = row._mapping[column.name]
                new = _cleaned(column, value)
                if new != value:
                    values[column.name] = new
            if values:
                conn.execute(sa.update(table).where(table.c.id == row.id).values(**values))
                if entity is not None and "version" in table.columns:
                    _bump(conn, table, entity, row.id)
                changed += 1
        last = rows[-1].id


def upgrade():
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        # the change log's writers serialise on this lock (api/sync/changes.py)
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x464D434C})
    for name, entity in SYNCED.items():
        clean_table(conn, name, entity)
    for name in OTHER:
        clean_table(conn, name, None)


def downgrade():
    pass  # the removed characters are not kept anywhere
