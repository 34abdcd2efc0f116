"""The pull half of a sync (SYNC.md rule 9): what changed in the caller's scope after the cursor.

Reads only the change log's index range ``seq > cursor`` (one row per record,
scope columns copied onto it), so a pull with nothing new costs the same
whatever the size of the database. Every row is judged against the caller's
scope *now*: a record in scope comes in full (or as ``delete``), a record that
is not — it moved away, or the caller lost its cohort/programme/mentee —
comes as ``evict``. When the scope grew or shrank since the cursor was made, a
catch-up first walks the log for the keys that entered (full records) or left
(evictions), paged like the rest.
"""
from sqlalchemy import func, or_, select

from models import SYNCED_MODELS, ChangeLog
from security.scope import Scope, changelog_filter

from . import cursor as cursors
from .serialize import wire_record

_LOAD_CHUNK = 500


def _rows(session, where, after: int, upto: int, limit: int):
    return session.execute(
        select(ChangeLog.seq, ChangeLog.entity, ChangeLog.record_id, ChangeLog.op)
        .where(ChangeLog.seq > after, ChangeLog.seq <= upto, *where)
        .order_by(ChangeLog.seq).limit(limit)).all()


def _deliver(session, scope: Scope, rows, out: list, seen: set) -> None:
    """Turn log rows into wire changes: full record, delete, or evict."""
    wanted = {}
    for _seq, entity, record_id, _op in rows:
        if entity in SYNCED_MODELS:
            wanted.setdefault(entity, set()).add(record_id)
    records = {}
    for entity, ids in wanted.items():
        model, ids = SYNCED_MODELS[entity], sorted(ids)
        for start in range(0, len(ids), _LOAD_CHUNK):
            for record in session.scalars(select(model).where(model.id.in_(ids[start:start + _LOAD_CHUNK]))):
                records[(entity, record.id)] = record
    for seq, entity, record_id, op in rows:
        key = (entity, record_id)
        if key in seen or entity not in SYNCED_MODELS:
            continue
        record = records.get(key)
        if record is None:
            change = {"entity": entity, "id": record_id, "op": "delete" if op == "delete" else "evict",
                      "version": seq}
            if op == "delete":
                change["data"] = {"deleted": True}
        elif not scope.allows(entity, record.scope_keys()):
            change = {"entity": entity, "id": record_id, "op": "evict", "version": record.version}
        elif op == "moved":
            continue
        else:
            change = wire_record(record)
        seen.add(key)
        out.append(change)


def max_seq(session) -> int:
    return session.execute(select(func.max(ChangeLog.seq))).scalar() or 0


def _start_catch_up(state: dict, now_keys: dict, top: int) -> dict:
    """The cursor state once a changed scope is noticed."""
    old = state["k"]
    added, removed = cursors.minus(now_keys, old), cursors.minus(old, now_keys)
    pending = state.get("cu")
    if pending:
        added = cursors.union(cursors.minus(pending["a"], removed), added)
        removed = cursors.union(cursors.minus(pending["r"], added), removed)
    new = {"s": state["s"], "k": now_keys}
    if state.get("f"):
        new["f"] = 1
    if not (cursors.is_empty(added) and cursors.is_empty(removed)):
        new["cu"] = {"a": added, "r": removed, "u": top, "at": 0}
    return new


def pull(session, scope: Scope, state: dict | None, limit: int, request_id: str | None = None,
         redeliver=frozenset()) -> tuple[list, dict, bool]:
    """(changes, new cursor state, more) for a caller with ``scope`` and cursor ``state``.

    ``redeliver``: (entity, id) sent first whatever the cursor (see push.PushOutcome).
    """
    now_keys = cursors.scope_lists(scope)
    top = max_seq(session)
    out, seen = [], set()
    if redeliver:
        _deliver(session, scope, [(0, entity, record_id, "upsert") for entity, record_id in sorted(redeliver)],
                 out, seen)
    if state is None:
        state = {"s": 0, "k": now_keys, "f": 1}
    elif state["k"] != now_keys:
        state = _start_catch_up(state, now_keys, top)
    room = max(1, limit - len(out))
    pending = state.get("cu")
    if pending:
        entered = cursors.scope_from_lists(scope.user_id, pending["a"])
        left = cursors.scope_from_lists(scope.user_id, pending["r"])
        rows = _rows(session, [or_(changelog_filter(entered), changelog_filter(left))],
                     pending["at"], pending["u"], room)
        _deliver(session, scope, rows, out, seen)
        if len(rows) == room:
            return out, {**state, "cu": {**pending, "at": rows[-1][0]}}, True
        state = {k: v for k, v in state.items() if k != "cu"}
        room -= len(rows)
        if room <= 0:
            return out, state, True
    where = [changelog_filter(scope)]
    if request_id:
        where.append(or_(ChangeLog.request_id.is_(None), ChangeLog.request_id != request_id))
    if state.get("f"):
        where.append(ChangeLog.op != "moved")
    rows = _rows(session, where, state["s"], top, room)
    _deliver(session, scope, rows, out, seen)
    if len(rows) == room:
        return out, {**state, "s": rows[-1][0]}, True
    state = {k: v for k, v in state.items() if k != "f"}
    return out, {**state, "s": max(top, state["s"])}, False
