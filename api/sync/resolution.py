"""Resolving a sync conflict: claim it once, then write the chosen value as a change.

Two coordinators may resolve the same conflict at once: the claim is a
conditional UPDATE … WHERE resolved_at IS NULL, and only the one whose UPDATE
changed a row goes on; the other is told it was already resolved and nothing
of theirs is written. The value is then written by ``push`` exactly as a
phone's change would be — the entity's schema, the cross-record rules, the
coordinator's scope, the field merge and stamp, the change log — with a server
HLC later than the field's, so devices pull it like any other change. A value
that a phone could not write is refused here too, and nothing is kept.
"""
from datetime import datetime, timezone

from sqlalchemy import select, update

from models import SYNCED_MODELS, Conflict, User

from .changes import lock_writes
from .server_write import server_write
from .values import typed_to_wire, writable_column


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

    Raises AlreadyResolved, RecordGone, values.InvalidValue or validate.Rejection;
    on any of them the caller rolls back and nothing has changed.
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
        record = session.get(model, conflict.record_id, populate_existing=True)
        if record is None or record.deleted:
            raise RecordGone(conflict.record_id)
        if choice == "new":
            value = typed_to_wire(model, conflict.field, typed)
        else:
            writable_column(model, conflict.field)
            value = conflict.kept_value if choice == "kept" else conflict.other_value
    else:
        choice, value = "kept", None  # a change to a deleted record: the record stays deleted
    claimed = session.execute(
        update(Conflict)
        .where(Conflict.id == conflict.id, Conflict.resolved_at.is_(None))
        .values(resolved_at=now, resolved_by_id=user.id, resolution={"choice": choice, "value": value, "hlc": None})
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise AlreadyResolved(session.get(Conflict, conflict.id, populate_existing=True))
    if record is not None:
        record = server_write(session, user, conflict.entity, record.id, {conflict.field: value}, now=now,
                              action="resolve_write")
        session.execute(update(Conflict).where(Conflict.id == conflict.id).values(
            resolution={"choice": choice, "value": value, "hlc": record.field_meta[conflict.field][0]}))
    return record
