"""Writes made on the server — a set-up page, a coordinator's resolution, an import — as changes.

``server_write`` hands one change to ``push`` exactly as a phone's change would
be handed: the entity's schema, the cross-record rules, the writer's scope, the
field merge and stamp, the change log (so phones pull it) and the mutation
ledger. Only the set of entities differs: the set-up entities, which phones
only read, are writable here. Each write is audited with what it changed
(before → after).
"""
import uuid
from datetime import datetime, timezone

from api.schemas.setup import SETUP_ENTITIES
from models import SYNCED_MODELS, WRITABLE_ENTITIES
from security.audit import audit
from security.scope import scope_for

from .hlc import server_hlc
from .merge import newest_hlc
from .push import SCHEMAS, Caller, push
from .serialize import wire_value
from .validate import Rejection

SERVER_WRITABLE = WRITABLE_ENTITIES | SETUP_ENTITIES


def server_write(session, user, entity: str, record_id: str | None, data: dict, *, now: datetime | None = None,
                 after: str | None = None, action: str = "write", op: str = "upsert", erasure: bool = False):
    """Create (``record_id`` None or unknown) or change a record as ``user``; returns the record.

    ``data`` holds wire values of the fields to write. Raises ``validate.Rejection``
    (reason and field errors, translated) when the change is refused; the caller
    then rolls back, and nothing was written. ``after``: an HLC the write must be
    later than (besides the record's own). ``op="delete"``: the record becomes a
    tombstone (``data`` is ignored), under the same rules.
    """
    now = now or datetime.now(timezone.utc)
    model = SYNCED_MODELS[entity]
    record_id = record_id or str(uuid.uuid4())
    record = session.get(model, record_id)
    attributes = {field.data_key or name: name for name, field in SCHEMAS[entity].fields.items()}
    if op == "delete":
        data, attributes = {}, {"deleted": "deleted"}
    names = ["deleted"] if op == "delete" else [name for name in data if name in attributes]

    def values(of):
        return {name: wire_value(getattr(of, attributes[name])) for name in names}

    before = values(record) if record is not None else None
    newest = max(filter(None, (after, newest_hlc(record) if record is not None else None)), default=None)
    change = {"mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id, "op": op, "data": data,
              "hlc": server_hlc(now=now, after=newest), "base_version": record.version if record else None}
    caller = Caller(user_id=user.id, device_id=None, scope=scope_for(user), request_id=uuid.uuid4().hex, now=now,
                    writable=SERVER_WRITABLE, erasure=erasure)
    result = push(session, caller, [change]).results[0]
    if result["status"] == "rejected":
        raise Rejection(result["reason"], result.get("errors") or {})
    record = session.get(model, record_id)
    keys = record.scope_keys()
    audit(action, user=user, entity=entity, record_id=record_id, programme_id=keys.get("programme_id"),
          detail={"hlc": change["hlc"], "before": before,
                  "after": values(record)})
    return record


def server_write_many(session, user, writes: list, *, now: datetime | None = None, action: str = "write") -> list:
    """Several creates or changes as ``user`` in ONE push (a roster import): one result per write, in order.

    ``writes``: ``(entity, record_id or None, data)``. The same path as ``server_write`` —
    schema, cross-record rules, scope, merge, change log, ledger — but batched, so ten thousand
    records load and insert with a few queries. Nothing raises for a refused write: each result
    is push's (``status``, ``reason``, ``errors``, ``data``) with the record's ``id``; the caller
    commits only when none was refused, else rolls back, and nothing was written. Each write
    is audited with its ``action`` and what it set.
    """
    now = now or datetime.now(timezone.utc)
    ids = [record_id or str(uuid.uuid4()) for _entity, record_id, _data in writes]
    changes = []
    for (entity, record_id, data), new_id in zip(writes, ids):
        model = SYNCED_MODELS[entity]
        record = session.get(model, record_id) if record_id else None
        changes.append({"mutation_id": str(uuid.uuid4()), "entity": entity, "id": new_id, "op": "upsert",
                        "data": data, "hlc": server_hlc(now=now, after=newest_hlc(record) if record else None),
                        "base_version": record.version if record else None})
    caller = Caller(user_id=user.id, device_id=None, scope=scope_for(user), request_id=uuid.uuid4().hex, now=now,
                    writable=SERVER_WRITABLE)
    results = push(session, caller, changes).results
    out = []
    for (entity, _record_id, data), change, result in zip(writes, changes, results):
        out.append({**result, "id": change["id"]})
        if result["status"] != "rejected":
            programme_id = data.get("programme_id")
            audit(action, user=user, entity=entity, record_id=change["id"], programme_id=programme_id,
                  detail={"hlc": change["hlc"], "after": {**data, **(result.get("data") or {})}})
    return out
