"""Writing the change log: every change of a synced record gets the next server sequence.

The sequence is the version handed to clients and the pull cursor, so a pull
must never see seq N+1 committed while N is still to come. Every writer
therefore takes one lock per transaction before it allocates (``lock_writes``):
a transaction-scoped advisory lock on PostgreSQL, the database write lock
(``BEGIN IMMEDIATE``) on SQLite. Sequence order is then commit order.
"""
from sqlalchemy import and_, delete, func, insert, select, text

from models import ChangeLog

SCOPE_COLUMNS = ("programme_id", "cohort_id", "participant_id")
#: the advisory lock key of change-log writers on PostgreSQL ("FMCL")
_PG_LOCK_KEY = 0x464D434C
_STATE = "fm_changelog"


def _real(session):
    """The Session itself when given Flask-SQLAlchemy's scoped proxy."""
    return session() if callable(session) and not hasattr(session, "get_transaction") else session


def _state(session):
    """This transaction's allocator state, or None before ``lock_writes``."""
    session = _real(session)
    entry = session.info.get(_STATE)
    if entry is not None and entry[0] is session.get_transaction():
        return entry[1]
    return None


def lock_writes(session) -> None:
    """Serialise change-log writers until this transaction ends (idempotent per transaction)."""
    conn = session.connection()
    if _state(session) is not None:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    elif conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    real = _real(session)
    real.info[_STATE] = (real.get_transaction(), {"next": None})


def next_seq(session) -> int:
    """The next server sequence (call under ``lock_writes``)."""
    state = _state(session)
    if state["next"] is None:
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            state["next"] = conn.execute(text("SELECT nextval(pg_get_serial_sequence('change_log', 'seq'))")).scalar()
        else:
            state["next"] = (conn.execute(select(func.max(ChangeLog.seq))).scalar() or 0) + 1
    value = state["next"]
    state["next"] = value + 1
    return value


def _sync_pg_sequence(session) -> None:
    state = _state(session)
    conn = session.connection()
    if conn.dialect.name == "postgresql" and state and state["next"] is not None:
        conn.execute(text("SELECT setval(pg_get_serial_sequence('change_log', 'seq'), :v)"),
                     {"v": state["next"] - 1})


def write_log(session, entries, request_id: str | None = None) -> None:
    """Write change-log rows for many records at once.

    ``entries``: (entity, record_id, op, keys, seq, old_keys, echo) with op upsert|delete,
    ``keys`` the record's scope now, ``old_keys`` its scope before (None for a record
    new to the log) and ``echo`` whether the pushing device must still receive it in its
    pull. A record's earlier upsert/delete row is replaced; when its scope keys
    changed, a ``moved`` row with the old keys lets pull send ``evict`` to those
    who lost sight of it.
    """
    if not entries:
        return
    by_entity = {}
    for entity, record_id, _op, _keys, _seq, old_keys, _echo in entries:
        if old_keys is not None:  # a new record has no earlier row to replace
            by_entity.setdefault(entity, []).append(record_id)
    for entity, ids in by_entity.items():
        for start in range(0, len(ids), 900):
            session.execute(delete(ChangeLog).where(
                and_(ChangeLog.entity == entity, ChangeLog.record_id.in_(ids[start:start + 900]),
                     ChangeLog.op != "moved")).execution_options(synchronize_session=False))
    rows, moved = [], []
    for entity, record_id, op, keys, seq, old_keys, echo in entries:
        new = tuple(keys.get(c) for c in SCOPE_COLUMNS)
        if old_keys is not None and tuple(old_keys.get(c) for c in SCOPE_COLUMNS) != new:
            moved.append({"seq": next_seq(session), "entity": entity, "record_id": record_id, "op": "moved",
                          "request_id": request_id, **{c: old_keys.get(c) for c in SCOPE_COLUMNS}})
        rows.append({"seq": seq, "entity": entity, "record_id": record_id, "op": op,
                     "request_id": None if echo else request_id, **{c: keys.get(c) for c in SCOPE_COLUMNS}})
        for mentee_id in (keys.get("mentee_ids") or ())[1:]:
            # a private mentoring session with several mentees: one row per further mentee, so each
            # mentee's mentors find it by the participant index (docs/sync.md "Private mentoring sessions")
            rows.append({**rows[-1], "seq": next_seq(session), "participant_id": mentee_id})
    session.execute(insert(ChangeLog.__table__), moved + rows)
    _sync_pg_sequence(session)


def record_change(session, record, request_id: str | None = None, old_keys: dict | None = None) -> int:
    """Log a change of ``record`` (already added to ``session``) and set its version.

    For server-side writers (coordinator pages, CLI, tests): ``old_keys`` is the
    record's scope before the change when it may have moved; without it the
    previous log row's keys are used.
    """
    lock_writes(session)
    if record in session.new:
        session.flush([record])
    if old_keys is None:
        previous = session.execute(
            select(ChangeLog.programme_id, ChangeLog.cohort_id, ChangeLog.participant_id)
            .where(ChangeLog.entity == record.entity, ChangeLog.record_id == record.id, ChangeLog.op != "moved")
        ).first()
        old_keys = dict(zip(SCOPE_COLUMNS, previous)) if previous else None
    seq = next_seq(session)
    write_log(session, [(record.entity, record.id, "delete" if record.deleted else "upsert",
                         record.scope_keys(), seq, old_keys, False)], request_id)
    record.version = seq
    return seq
