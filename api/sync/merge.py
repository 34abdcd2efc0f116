"""Field-level merge and conflict detection (SYNC.md rules 4 and 5).

Every field keeps ``field_meta[field] = [hlc, version, user_id]`` of the write
that set it. A field of an incoming upsert is taken when the change's HLC is
greater (plain string comparison) than the stored one. The change is a
conflict when it loses a field to a different value written by someone else,
or wins over a different value that someone else wrote after the change's
``base_version``. "Someone else" is another user or another device (the HLC's
node): a device's own writes arriving out of order never conflict.
"""
from dataclasses import dataclass, field

from .hlc import node
from .serialize import wire_value


@dataclass
class FieldConflict:
    field: str
    kept_value: object
    kept_hlc: str | None
    kept_by: str | None
    other_value: object
    other_hlc: str | None
    other_by: str | None


@dataclass
class MergeResult:
    #: field → loaded (Python) value to set
    winners: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)


def _someone_else(stored_hlc, stored_by, hlc, user_id) -> bool:
    return stored_by != user_id or node(stored_hlc) != node(hlc)


def merge(record, incoming: dict, hlc: str, base_version: int | None, user_id: str) -> MergeResult:
    """Decide field by field what an upsert of an existing ``record`` changes."""
    result = MergeResult()
    meta = record.field_meta or {}
    base = base_version or 0
    for name, value in incoming.items():
        stored_hlc, stored_version, stored_by = meta.get(name) or ("", 0, None)
        stored = wire_value(getattr(record, name))
        wire = wire_value(value)
        differs = stored != wire
        if hlc > stored_hlc:
            result.winners[name] = value
            if differs and stored_version > base and _someone_else(stored_hlc, stored_by, hlc, user_id):
                result.conflicts.append(FieldConflict(name, wire, hlc, user_id, stored, stored_hlc, stored_by))
        elif differs and _someone_else(stored_hlc, stored_by, hlc, user_id):
            result.conflicts.append(FieldConflict(name, stored, stored_hlc, stored_by, wire, hlc, user_id))
    return result


def stamp(record, names, hlc: str, version: int, user_id: str) -> None:
    """Record who set these fields, when (HLC) and in which version."""
    meta = dict(record.field_meta or {})
    entry = [hlc, version, user_id]
    for name in names:
        meta[name] = entry
    record.field_meta = meta


def newest_hlc(record) -> str | None:
    return max((m[0] for m in (record.field_meta or {}).values()), default=None)
