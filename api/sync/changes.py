"""Writing the change log: every change of a synced record gets the next server sequence."""
from sqlalchemy import delete, select

from models import ChangeLog

SCOPE_COLUMNS = ("programme_id", "cohort_id", "participant_id")


def record_change(session, record, request_id: str | None = None) -> int:
    """Log a change of ``record`` (already added to ``session``) and set its version.

    The record's earlier log rows are replaced by this one, so the log holds one
    row per record plus, when the record moved out of a scope, a ``moved`` row
    with the scope it left (pull turns that into ``evict`` for those who lost it).
    """
    session.flush([record]) if record in session.new else None
    keys = record.scope_keys()
    earlier = session.execute(
        select(ChangeLog.seq, ChangeLog.op, ChangeLog.programme_id, ChangeLog.cohort_id, ChangeLog.participant_id)
        .where(ChangeLog.entity == record.entity, ChangeLog.record_id == record.id)
    ).all()
    new_keys = tuple(keys[c] for c in SCOPE_COLUMNS)
    moved_from = {tuple(row[2:]) for row in earlier if tuple(row[2:]) != new_keys}
    if earlier:
        session.execute(delete(ChangeLog).where(ChangeLog.seq.in_([row[0] for row in earlier])))
    for old_keys in moved_from:
        session.add(ChangeLog(entity=record.entity, record_id=record.id, op="moved", request_id=request_id,
                              **dict(zip(SCOPE_COLUMNS, old_keys))))
    row = ChangeLog(entity=record.entity, record_id=record.id, op="delete" if record.deleted else "upsert",
                    request_id=request_id, **keys)
    session.add(row)
    session.flush()
    record.version = row.seq
    return row.seq
