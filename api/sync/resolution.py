"""Resolving a sync conflict: claim it once, write the chosen value as a new change.

Two coordinators may resolve the same conflict at once: the claim is a
conditional UPDATE … WHERE resolved_at IS NULL, and only the one whose UPDATE
changed a row goes on; the other is told it was already resolved and nothing
of theirs is written. The value goes into the record with a fresh server HLC,
field_meta and a change-log entry, so devices pull it like any other change.
"""
from datetime import datetime, timezone

from sqlalchemy import select, update

from models import SYNCED_MODELS, Conflict, User

from .changes import lock_writes, record_change
from .hlc import server_hlc
from .values import from_input, from_wire, to_wire


class AlreadyResolved(Exception):
    def __init__(self, conflict):
        super().__init__(conflict.id)
        self.conflict = conflict


class RecordGone(Exception):
    """The conflicting record no longer exists or was deleted."""


def conflict_in_programme(session, conflict_id: int, programme_id: str):
    return session.scalar(select(Conflict).where(Conflict.id == conflict_id, Conflict.programme_id == programme_id))


def resolve(session, conflict: Conflict, user: User, choice: str, typed: str = "", now: datetime | None = None):
    """Resolve ``conflict`` (kept / other / new); returns the record written, or None for a deleted-kind.

    Raises AlreadyResolved, RecordGone or values.InvalidValue; on any of
    them the caller rolls back and nothing has changed.
    """
    now = now or datetime.now(timezone.utc)
    model = SYNCED_MODELS[conflict.entity]
    record = None
    # Writers take the change-log lock before reading, so two coordinators resolving at
    # once queue up; an older read snapshot (SQLite) would otherwise fail to upgrade.
    if not (session.new or session.dirty or session.deleted):
        session.commit()
    lock_writes(session)
    if conflict.kind == "field":
        record = session.get(model, conflict.record_id)
        if record is None or record.deleted:
            raise RecordGone(conflict.record_id)
        if choice == "new":
            value = from_input(model, conflict.field, typed)
        else:
            value = from_wire(model, conflict.field, conflict.kept_value if choice == "kept" else conflict.other_value)
        hlc = server_hlc(now=now, after=(record.field_meta or {}).get(conflict.field, [None])[0])
    else:
        choice, value, hlc = "kept", None, None  # a change to a deleted record: the record stays deleted
    claimed = session.execute(
        update(Conflict)
        .where(Conflict.id == conflict.id, Conflict.resolved_at.is_(None))
        .values(resolved_at=now, resolved_by_id=user.id,
                resolution={"choice": choice, "value": to_wire(value), "hlc": hlc})
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise AlreadyResolved(session.get(Conflict, conflict.id, populate_existing=True))
    if record is not None:
        setattr(record, conflict.field, value)
        record.updated_by_id = user.id
        record.updated_device_id = None
        meta = dict(record.field_meta or {})
        meta[conflict.field] = [hlc, None, user.id]
        record.field_meta = meta
        version = record_change(session, record)
        record.field_meta = {**meta, conflict.field: [hlc, version, user.id]}
    return record
