"""The envelope of one pushed change: well formed, a known and writable entity (SYNC.md rule 3)."""
import re
from dataclasses import dataclass, field

from marshmallow import ValidationError

from api.schemas.sync import ChangeSchema
from security.text import data_errors
from models import SYNCED_MODELS, WRITABLE_ENTITIES

from . import hlc as clock

_CHANGE_SCHEMA = ChangeSchema()


@dataclass
class Change:
    index: int
    raw: object
    mutation_id: str | None = None
    entity: str = ""
    id: str = ""
    op: str = ""
    data: dict = field(default_factory=dict)
    hlc: str = ""
    base_version: int | None = None
    result: dict | None = None


def rejected(mutation_id, reason: str, errors: dict | None = None) -> dict:
    return {"mutation_id": mutation_id, "status": "rejected", "reason": reason, "errors": errors or {}}


#: the largest version a database column can hold (BIGINT); a base_version above it is refused
BIGINT_MAX = 2 ** 63 - 1
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ENVELOPE_KEYS = frozenset(("mutation_id", "entity", "id", "op", "data", "hlc", "base_version"))


def _plainly_valid(raw: dict) -> bool:
    """A fast yes for the common, well-formed change; anything else is judged by ChangeSchema."""
    base = raw.get("base_version")
    return (raw.keys() <= _ENVELOPE_KEYS and isinstance(raw.get("mutation_id"), str) and _UUID.match(raw["mutation_id"])
            and isinstance(raw.get("id"), str) and _UUID.match(raw["id"]) and isinstance(raw.get("entity"), str)
            and 0 < len(raw["entity"]) <= 40 and raw.get("op") in ("upsert", "delete")
            and isinstance(raw.get("data", {}), dict)  # JSON object keys are always strings
            and clock.is_valid(raw.get("hlc"))
            and (base is None or (type(base) is int and 0 <= base <= BIGINT_MAX)))


def envelope(index: int, raw, writable=WRITABLE_ENTITIES) -> "Change":
    change = Change(index, raw)
    if isinstance(raw, dict) and _plainly_valid(raw):
        change.mutation_id, change.entity, change.id, change.op = raw["mutation_id"], raw["entity"], raw["id"], raw["op"]
        change.data, change.hlc, change.base_version = raw.get("data", {}), raw["hlc"], raw.get("base_version")
        return _check_entity(change, writable)
    if not isinstance(raw, dict):
        from flask_babel import gettext as _

        change.result = rejected(None, "validation", {"_schema": [_("A change must be a JSON object.")]})
        return change
    try:
        loaded = _CHANGE_SCHEMA.load(raw)
    except ValidationError as err:
        mutation_id = raw.get("mutation_id") if isinstance(raw.get("mutation_id"), str) else None
        change.result = rejected(mutation_id[:36] if mutation_id else None, "validation", err.messages)
        return change
    for name in _ENVELOPE_KEYS:
        setattr(change, name, loaded[name])
    return _check_entity(change, writable)


def _check_entity(change: Change, writable) -> "Change":
    # text that no column can hold is this change's problem, before any use of its data (a query, a conflict)
    errors = data_errors(change.data)
    if errors:
        change.result = rejected(change.mutation_id, "validation", errors)
    elif change.entity not in SYNCED_MODELS:
        change.result = rejected(change.mutation_id, "unknown_entity")
    elif change.entity not in writable:
        change.result = rejected(change.mutation_id, "read_only")
    return change
