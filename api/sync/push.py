"""Applying a pushed batch (SYNC.md rules 1–8): one result per change, in order.

``push(session, caller, changes)`` validates and applies every change in the
caller's transaction and returns the results; the caller commits once. The
database work is batched per request: records are loaded with a few IN
queries, inserted in one flush, and the change log and mutation ledger are
written with one executemany each.
"""
from dataclasses import dataclass
from datetime import datetime

from marshmallow import ValidationError
from sqlalchemy import insert, select

from api.schemas.entities import ENTITY_SCHEMAS, SERVER_SET
from api.schemas.setup import SETUP_ENTITIES, SETUP_FIELDS, SETUP_SCHEMAS
from models import SYNCED_MODELS, WRITABLE_ENTITIES, AppliedMutation, Conflict, Participant, db
from security.scope import Scope, session_author

from . import hlc as clock
from .batch import REFERENCE_FIELDS, Batch, Plain
from .changes import lock_writes, next_seq, write_log
from .envelope import Change, envelope, rejected
from .erased import check_erased
from .merge import merge, newest_hlc, stamp
from .serialize import record_data, wire_value
from .tombstones import delete_unknown
from .validate import Rejection, check, check_delete, check_immutable, check_open

_LEDGER_CHUNK = 500
SCHEMAS = {**ENTITY_SCHEMAS, **SETUP_SCHEMAS}


def known_base(base_version: int | None, version: int) -> int:
    """The version a change was made on, as far as this server knows it (0: unknown).

    A base_version above the record's current version was never given by this server
    (a phone restored from elsewhere, or a server restored from an older backup): the
    change is merged as a concurrent edit, so it cannot skip conflict detection, and it
    is never refused.
    """
    return base_version if base_version is not None and base_version <= version else 0


@dataclass
class Caller:
    user_id: str
    #: None for a write made on the server (a coordinator's page), not by a device
    device_id: str | None
    scope: Scope
    request_id: str
    now: datetime
    max_skew_seconds: int = 60
    #: the sequence the device's cursor has reached (0 without a cursor): versions above it
    #: it may hold only as a number from a result, without their data
    cursor_seq: int = 0
    #: the entities this caller may push: a phone those of SYNC.md; the set-up pages the
    #: set-up entities too (``server_write.SET_UP``), which phones only read
    writable: frozenset = WRITABLE_ENTITIES
    #: an erasure on request (api/sync/erasure.py): it is written into a closed programme too
    erasure: bool = False


def fields_of(record) -> tuple:
    """The fields a change may write into ``record``: a phone's, or the set-up pages' for set-up entities."""
    return record.writable_fields or SETUP_FIELDS.get(record.entity, ())


def _as_text(messages):
    """Schema errors as plain text in the request's language (lazy messages are rendered here)."""
    if isinstance(messages, dict):  # a field's messages are always a list, as marshmallow gives plain strings
        return {key: _as_text(value if isinstance(value, (dict, list)) else [value]) for key, value in messages.items()}
    if isinstance(messages, list):
        return [_as_text(value) for value in messages]
    return str(messages)


class _Push:
    def __init__(self, session, caller: Caller):
        self.session, self.caller = session, caller
        self.batch = Batch(session)
        self.skew_limit = clock.skew_limit(caller.now, caller.max_skew_seconds)
        self.log = {}          # (entity, id) → [op, keys, seq, old_keys]
        self.start = {}        # (entity, id) → version before this request (None: new)
        self.echo = set()      # (entity, id) the pushing device must still pull
        self.new_records = []
        self.ledger = []
        self.conflicts = []
        self.redeliver = set()

    # preparation ---------------------------------------------------------
    def mark_duplicates(self, changes) -> None:
        """A mutation_id this user's device already sent is a replay; anyone else's is a new change."""
        pending = [c for c in changes if c.result is None]
        ids = [c.mutation_id for c in pending]
        known = {}
        for start in range(0, len(ids), _LEDGER_CHUNK):
            for row in self.session.execute(select(AppliedMutation.mutation_id, AppliedMutation.status,
                                                   AppliedMutation.version, AppliedMutation.entity,
                                                   AppliedMutation.record_id)
                                            .where(AppliedMutation.user_id == self.caller.user_id,
                                                   AppliedMutation.device_id == self.caller.device_id,
                                                   AppliedMutation.mutation_id.in_(ids[start:start + _LEDGER_CHUNK]))):
                known[row[0]] = (row[1], row[2])
                if row[1] == "conflict":
                    # the first answer may have been lost: the merged record comes back with this one
                    self.redeliver.add((row[3], row[4]))
        seen = set()
        for c in pending:
            if c.mutation_id in known:
                status, version = known[c.mutation_id]
                c.result = rejected(c.mutation_id, "deleted") if status == "deleted" else \
                    {"mutation_id": c.mutation_id, "status": "duplicate", "version": version}
            elif c.mutation_id in seen:
                c.result = {"mutation_id": c.mutation_id, "status": "duplicate", "version": None, "_first": True}
            seen.add(c.mutation_id)
        self.repeat_codes([c for c in pending if c.result is not None and c.result["status"] == "duplicate"])

    def repeat_codes(self, replays) -> None:
        """A replayed create of a participant sent without a code gets its code again (the first answer may be lost)."""
        wanted = {}
        for c in replays:
            if c.entity == "participant" and "code" not in c.data and not c.result.get("_first"):
                wanted.setdefault(c.id, []).append(c)
        ids = list(wanted)
        for start in range(0, len(ids), _LEDGER_CHUNK):
            for record_id, code in self.session.execute(select(Participant.id, Participant.code).where(
                    Participant.id.in_(ids[start:start + _LEDGER_CHUNK]))):
                for c in wanted[record_id]:
                    c.result["data"] = {"code": code}

    def prefetch(self, changes) -> None:
        targets = {}
        for c in changes:
            if c.result is None:
                targets.setdefault(c.entity, set()).add(c.id)
        self.batch.load(targets)
        for entity, ids in targets.items():
            self.batch.load_tombstones(entity, ids)
        refs, codes = {}, set()
        for c in changes:
            if c.result is not None:
                continue
            record = self.batch.records.get((c.entity, c.id))
            for name, entity in REFERENCE_FIELDS.items():
                value = c.data.get(name, getattr(record, name, None) if record is not None else None)
                if isinstance(value, str) and len(value) == 36:
                    refs.setdefault(entity, set()).add(value)
            mentees = c.data.get("mentee_ids") if c.entity == "session" else None
            if isinstance(mentees, list):  # a private mentoring session's mentees
                refs.setdefault("participant", set()).update(
                    m for m in mentees[:50] if isinstance(m, str) and len(m) == 36)
            if c.entity == "participant" and isinstance(c.data.get("code"), str):
                programme_id = c.data.get("programme_id", getattr(record, "programme_id", None))
                if isinstance(programme_id, str):
                    codes.add((programme_id, c.data["code"]))
        self.batch.load(refs, plain=True)
        if codes:
            self.batch.load_codes(codes)

    # applying ------------------------------------------------------------
    def apply(self, c: Change) -> dict:
        c.hlc, _lowered = clock.clamp(c.hlc, self.caller.now, self.skew_limit)
        key = (c.entity, c.id)
        record = self.batch.records.get(key)
        if c.op == "delete":
            return self.delete(c, key, record)
        tomb = self.batch.tombstones.get(key)
        if record is not None and not self.may_write(c.entity, record):
            raise Rejection("forbidden", {})
        if tomb and tomb["programme_id"] and not self.caller.scope.allows(c.entity, tomb):
            raise Rejection("forbidden", {})  # and the records the upsert carries must be the caller's to write
        incoming = self.load(c, partial=record is not None)
        check_erased(self.batch, c.entity, record, incoming)
        if tomb or (record is not None and record.deleted):
            return self.upsert_deleted(c, key, record, tomb, incoming)
        if record is None:
            return self.create(c, key, incoming)
        return self.update(c, key, record, incoming)

    def load(self, c: Change, partial: bool) -> dict:
        """The change's data through its entity's schema (server-set keys a client echoes are ignored)."""
        data = {k: v for k, v in c.data.items() if k not in SERVER_SET}
        try:
            return SCHEMAS[c.entity].load(data, partial=partial)
        except ValidationError as err:
            raise Rejection("validation", _as_text(err.messages)) from None

    def may_write(self, entity: str, record, creating: bool = False) -> bool:
        """security.scope's write rule for ``record`` (as it is, or as the change would leave it)."""
        if entity == "session":
            author = self.caller.user_id if creating else session_author(record)
        elif entity == "attendance":
            author = session_author(self.batch.get("session", record.session_id))
        else:
            author = None
        keys = record.scope_keys()
        if entity in SETUP_ENTITIES:
            keys = {**keys, "organisation_id": self.organisation_of(entity, record)}
        return self.caller.scope.may_write(entity, keys, author)

    def organisation_of(self, entity: str, record) -> str | None:
        """The organisation a set-up record belongs to (who may change its trades and programmes)."""
        if entity in ("programme", "occupation"):
            return record.organisation_id
        if entity == "skill":
            occupation = self.batch.get("occupation", record.occupation_id)
            return occupation.organisation_id if occupation is not None else None
        programme = self.batch.get("programme", record.programme_id)
        return programme.organisation_id if programme is not None else None

    def as_if(self, c: Change, record, incoming: dict) -> Plain:
        """The record the change would make (of a deleted record or a tombstone), validated, never stored.

        The same schema, cross-record rules and write scope as a live record's change: an upsert to
        a deleted record is filed in the Conflict log only once it would have been accepted.
        """
        model = SYNCED_MODELS[c.entity]
        if record is None:
            self.assign_code(c, incoming)
            derived = check(self.batch, self.caller.scope, c.entity, c.id, incoming, incoming.keys())
            would_be = Plain(model, id=c.id, **incoming, **derived)
        else:
            check_immutable(c.entity, record, incoming)
            values = {name: getattr(record, name) for name in fields_of(record)}
            values.update(incoming)
            derived = check(self.batch, self.caller.scope, c.entity, c.id, values, incoming.keys())
            columns = {name: getattr(record, name) for name in model.__table__.columns.keys()}
            would_be = Plain(model, **{**columns, **values, **derived})
        if not self.may_write(c.entity, would_be, creating=record is None):
            raise Rejection("forbidden", {})
        return would_be

    def create(self, c: Change, key, incoming: dict) -> dict:
        model = SYNCED_MODELS[c.entity]
        assigned = self.assign_code(c, incoming)
        derived = check(self.batch, self.caller.scope, c.entity, c.id, incoming, incoming.keys())
        self.check_open(c, {**incoming, **derived}.get("programme_id"), incoming.keys())
        if c.entity in SETUP_ENTITIES:
            return self.create_set_up(c, key, model(id=c.id, **incoming, **derived, deleted=False,
                                                    created_at=self.caller.now), incoming)
        record = Plain(model, id=c.id, **incoming, **derived, deleted=False, created_at=self.caller.now)
        if c.entity == "assessment":
            record.assessor_id = self.caller.user_id
        if not self.may_write(c.entity, record, creating=True):
            raise Rejection("forbidden", {})
        self.start.setdefault(key, None)
        if c.entity == "participant":
            self.batch.claim_code(record.programme_id, record.code, record.id, None)
        self.new_records.append(record)
        self.batch.put(record)
        # only fields the phone sent were set by it; defaults carry no HLC, so any later write takes them.
        # "id" keeps the creating write for good (no change carries an id field): its author.
        result = self.write(c, key, record, ["id", *(name for name in incoming if name in c.data)], None)
        if assigned:
            result["data"] = {"code": assigned}
        return result

    def assign_code(self, c: Change, incoming: dict) -> str | None:
        """A new participant sent without a code gets the programme's next one (returned in its result).

        The code is the server's write, not the phone's: it carries no HLC of the device, so the
        phone's later edit of it wins as any edit does.
        """
        if c.entity != "participant" or incoming.get("code") or not isinstance(incoming.get("programme_id"), str):
            return None
        code = self.batch.next_code(incoming["programme_id"])
        if code is not None:
            incoming["code"] = code
        return code

    def create_set_up(self, c: Change, key, record, incoming: dict) -> dict:
        """A new programme, site, cohort, trade or skill (ORM: it has child rows), from a set-up page."""
        if not self.may_write(c.entity, record, creating=True):
            raise Rejection("forbidden", {})
        self.start.setdefault(key, None)
        self.batch.put(record)
        result = self.write(c, key, record, ["id", *incoming], None)
        self.session.add(record)  # only now: an autoflush of a half-made record would fail
        return result

    def check_open(self, c: Change, programme_id, changed) -> None:
        """A closed programme takes no change recorded after its close (validate.check_open)."""
        if self.caller.erasure:
            return  # the law asks for it whether or not the programme still takes records
        if c.entity == "programme":
            programme_id = c.id
        check_open(self.batch, self.caller.scope, c.entity, programme_id, c.hlc, changed)

    def update(self, c: Change, key, record, incoming: dict) -> dict:
        check_immutable(c.entity, record, incoming)
        self.check_open(c, record.scope_keys()["programme_id"], incoming.keys())
        base = known_base(c.base_version, record.version)
        if key not in self.start:
            self.start[key] = record.version
            # the device holds this record exactly only if it edited the version it has pulled
            if base != record.version or record.version > self.caller.cursor_seq:
                self.echo.add(key)
        merged = merge(record, incoming, c.hlc, base, self.caller.user_id)
        values = {name: getattr(record, name) for name in fields_of(record)}
        values.update(merged.winners)
        check(self.batch, self.caller.scope, c.entity, c.id, values, merged.winners.keys())
        old_keys = record.scope_keys()
        if merged.winners:
            before = {name: getattr(record, name) for name in merged.winners}
            for name, value in merged.winners.items():
                setattr(record, name, value)
            if not self.may_write(c.entity, record):
                for name, value in before.items():
                    setattr(record, name, value)
                raise Rejection("forbidden", {})
            if "code" in before and c.entity == "participant":
                self.batch.claim_code(record.programme_id, record.code, record.id, (record.programme_id, before["code"]))
        self.note_conflicts(c, record, merged.conflicts)
        if merged.conflicts:
            self.redeliver.add(key)  # the device must learn what the merge kept, even if nothing changed
        if not merged.winners:
            return self.answer(c, record, "conflict" if merged.conflicts else "applied", record.version)
        return self.write(c, key, record, merged.winners.keys(), old_keys, conflict=bool(merged.conflicts))

    def write(self, c, key, record, names, old_keys, conflict=False) -> dict:
        seq = self.stamp_and_log(c, key, record, names, old_keys)
        if conflict:
            self.echo.add(key)
        return self.answer(c, record, "conflict" if conflict else "applied", seq)

    def stamp_and_log(self, c, key, record, names, old_keys) -> int:
        """A new version of ``record`` written by change ``c``, in the change log; its sequence."""
        seq = next_seq(self.session)
        stamp(record, names, c.hlc, seq, self.caller.user_id)
        record.version = seq
        record.updated_by_id = self.caller.user_id
        record.updated_device_id = self.caller.device_id
        record.updated_at = self.caller.now
        entry = self.log.get(key)
        first_keys = entry[3] if entry else old_keys
        self.log[key] = ["delete" if record.deleted else "upsert", record.scope_keys(), seq, first_keys]
        return seq

    def answer(self, c, record, status, version) -> dict:
        self.ledger.append({"mutation_id": c.mutation_id, "device_id": self.caller.device_id or clock.SERVER_NODE,
                            "user_id": self.caller.user_id, "entity": c.entity, "record_id": c.id,
                            "status": status, "version": version, "at": self.caller.now})
        return {"mutation_id": c.mutation_id, "status": status, "version": version}

    def note_conflicts(self, c, record, conflicts, kind="field") -> None:
        for f in conflicts:
            self.conflicts.append(Conflict(
                kind=kind, entity=c.entity, record_id=c.id, programme_id=record.programme_id, field=f.field,
                kept_value=f.kept_value, kept_hlc=f.kept_hlc, kept_by_id=f.kept_by, other_value=f.other_value,
                other_hlc=f.other_hlc, other_by_id=f.other_by, mutation_id=c.mutation_id,
                device_id=self.caller.device_id, created_at=self.caller.now))

    def delete(self, c, key, record) -> dict:
        if record is None:
            tomb = self.batch.tombstones.get(key)
            if tomb is not None:
                if tomb["programme_id"] and not self.caller.scope.allows(c.entity, tomb):
                    raise Rejection("forbidden", {})
                return self.answer(c, None, "applied", tomb["seq"])
            self.load(c, partial=True)
            keys = delete_unknown(self.batch, self.caller.scope, self.caller.user_id, c.entity, c.id, c.data)
            seq = next_seq(self.session)
            self.batch.tombstones[key] = {**keys, "seq": seq}
            self.log[key] = ["delete", keys, seq, None]
            return self.answer(c, None, "applied", seq)
        if not self.may_write(c.entity, record):
            raise Rejection("forbidden", {})
        if record.deleted:
            return self.answer(c, record, "applied", record.version)
        self.check_open(c, record.scope_keys()["programme_id"], ("deleted",))
        check_delete(self.batch, c.entity, record)
        self.start.setdefault(key, record.version)
        concurrent = record.version > known_base(c.base_version, record.version) and (
            record.updated_by_id != self.caller.user_id or record.updated_device_id != self.caller.device_id)
        if concurrent:
            from .merge import FieldConflict

            self.note_conflicts(c, record, [FieldConflict(None, None, c.hlc, self.caller.user_id, record_data(record),
                                                          newest_hlc(record), record.updated_by_id)], "deleted")
        record.deleted = True
        result = self.write(c, key, record, ("deleted",), record.scope_keys(), conflict=concurrent)
        if c.entity == "session":
            self.delete_dependents(c, record)
        return result

    def delete_dependents(self, c, session_record) -> None:
        """A deleted session takes its attendance and assessments with it (tombstones, same change).

        They are written by the session's delete (its HLC, its author), each with its own version and
        change-log row, so every device that holds them pulls the tombstone — the deleting device too.
        Deletes are final (SYNC.md rule 6): a later upsert of one of them is ``rejected``/``deleted``.
        """
        from models import Assessment, Attendance

        found = {}
        with self.session.no_autoflush:
            for model in (Attendance, Assessment):
                for record in self.session.scalars(select(model).where(model.session_id == session_record.id,
                                                                        model.deleted.is_(False))):
                    found[(record.entity, record.id)] = record
        for record in self.new_records:
            if record.entity in ("attendance", "assessment") and record.session_id == session_record.id:
                found[(record.entity, record.id)] = record
        for key, record in found.items():
            if record.deleted:
                continue
            self.start.setdefault(key, record.version)
            record.deleted = True
            self.stamp_and_log(c, key, record, ("deleted",), record.scope_keys())
            self.echo.add(key)

    def upsert_deleted(self, c, key, record, tomb, incoming: dict) -> dict:
        """SYNC.md rule 6: refused as ``deleted`` and kept in the Conflict log — once it passed every check.

        It is filed under the tombstone's programme; a tombstone of one programme cannot be claimed
        with the records of another.
        """
        would_be = self.as_if(c, record, incoming)
        programme_id = record.programme_id if record is not None else (tomb["programme_id"] or would_be.programme_id)
        if would_be.programme_id != programme_id:
            raise Rejection("forbidden", {})
        kept_hlc = (record.field_meta or {}).get("deleted", [None])[0] if record is not None else None
        other = {name: wire_value(value) for name, value in incoming.items() if name in c.data}
        self.conflicts.append(Conflict(
            kind="deleted", entity=c.entity, record_id=c.id, programme_id=programme_id, kept_value=None,
            kept_hlc=kept_hlc, kept_by_id=record.updated_by_id if record is not None else None, other_value=other,
            other_hlc=c.hlc, other_by_id=self.caller.user_id, mutation_id=c.mutation_id,
            device_id=self.caller.device_id, created_at=self.caller.now))
        self.answer(c, record, "deleted", record.version if record is not None else tomb["seq"])
        return rejected(c.mutation_id, "deleted")

    # finishing -----------------------------------------------------------
    def flush(self) -> None:
        self.session.flush()
        by_model = {}
        for record in self.new_records:
            by_model.setdefault(record.model, []).append(record)
        order = {table: i for i, table in enumerate(db.metadata.sorted_tables)}  # referenced tables first
        for model in sorted(by_model, key=lambda m: order[m.__table__]):
            self.session.execute(insert(model.__table__), [r.row() for r in by_model[model]])
        write_log(self.session, [(entity, record_id, op, keys, seq, old_keys, (entity, record_id) in self.echo)
                                 for (entity, record_id), (op, keys, seq, old_keys) in self.log.items()],
                  self.caller.request_id)
        if self.ledger:
            self.session.execute(insert(AppliedMutation.__table__), self.ledger)
        if self.conflicts:
            self.session.add_all(self.conflicts)
            self.session.flush()


@dataclass
class PushOutcome:
    #: one per change, in order
    results: list
    #: (entity, id) the pushing device must receive in this response whatever its cursor:
    #: records of its conflicts (the merge kept another value, maybe without a new version) and
    #: of replayed mutations that were conflicts (the first answer may never have arrived)
    redeliver: set


def push(session, caller: Caller, raw_changes: list) -> PushOutcome:
    """Apply ``raw_changes`` in order; one result per change."""
    changes = [envelope(i, raw, caller.writable) for i, raw in enumerate(raw_changes)]
    if not any(c.result is None for c in changes):
        return PushOutcome([c.result for c in changes], set())
    lock_writes(session)
    run = _Push(session, caller)
    run.mark_duplicates(changes)
    run.prefetch(changes)
    for c in changes:
        if c.result is None:
            try:
                c.result = run.apply(c)
            except Rejection as rejection:
                c.result = rejected(c.mutation_id, rejection.reason, rejection.errors)
    run.flush()
    first = {}
    for c in changes:
        if c.result.pop("_first", False):
            earlier = first[c.mutation_id]
            c.result = dict(earlier) if earlier["status"] == "rejected" else {
                "mutation_id": c.mutation_id, "status": "duplicate", "version": earlier.get("version"),
                **({"data": earlier["data"]} if "data" in earlier else {})}
        elif c.mutation_id:
            first.setdefault(c.mutation_id, c.result)
    return PushOutcome([c.result for c in changes], run.redeliver)
