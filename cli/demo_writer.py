"""Deterministic ids, find-or-make and the writes of the demo loader (see cli/demo_data.py).

The demo writes every synced record the way everything else does: as changes handed to
``api.sync.push.push`` as the user who recorded them (set-up records as the organisation's
admin, through the set-up schemas exactly as ``api.sync.server_write`` does; a trainer's sessions as
that trainer), so the schemas, the cross-record rules and the writer's scope hold for the demo
too, and the change log is written by push. Changes are batched: what one author writes waits for
one push call of theirs; the loader flushes before anything reads what was written (a cohort's
records before the next cohort's, say), each author in the order they first wrote, so a change
refers only to records pushed before it or earlier in its own call.
"""
import uuid
from collections import Counter
from datetime import date, datetime, timezone

import click
from sqlalchemy import select

from api.schemas.setup import SETUP_ENTITIES
from api.sync.batch import Plain
from api.sync.changes import record_change
from api.sync.hlc import server_hlc
from api.sync.merge import newest_hlc
from api.sync.push import SCHEMAS, Caller, push
from api.sync.serialize import wire_value
from api.sync.server_write import SERVER_WRITABLE
from models import SYNCED_MODELS, WRITABLE_ENTITIES
from security.audit import audit
from security.scope import scope_for

#: fields a change of some entities does not carry: push derives them
DERIVED = frozenset({"programme_id", "cohort_id"})
#: namespace of the demo's deterministic ids (never change it: every id would change with it)
DEMO_NAMESPACE = uuid.UUID("0b6f3e52-7a1d-5c39-9e84-2f4a6d8c1b70")


def demo_id(key: str) -> str:
    """The stable id of the demo record with this natural key, e.g. ``cohort:kljuc-d4d:kljuc-cnc-1``."""
    return str(uuid.uuid5(DEMO_NAMESPACE, key))


class DemoWriter:
    """Finds demo records by natural key or id, and writes the missing ones through push.

    Nothing that is found is modified: a second load changes nothing, and records that
    phones have edited or deleted since keep their edits (a tombstone is found, not revived).
    A record written here is returned at once as a stand-in (``Plain``) with the fields given;
    it reaches the database at the next ``flush``.
    """

    def __init__(self, session, today: date):
        self.session = session
        self.today = today
        self.created = Counter()
        #: who writes the set-up records (the organisation's admin); set once the admin exists
        self.admin = None
        #: user id → User, for every author of a change
        self.users = {}
        #: ids already looked up in bulk (found or not), and the rows found
        self._checked = set()
        self._found = {}
        #: changes waiting, one push call each: (author id, set-up or not) → changes, in the order the
        #: authors first wrote (a change may reference what an earlier author or itself wrote before)
        self._pending = {}

    # finding -------------------------------------------------------------
    def prefetch(self, model, ids):
        """Look many ids up in a few queries, so that ``ensure``/``ensure_id`` of them need none."""
        wanted = [i for i in dict.fromkeys(ids) if (model, i) not in self._checked]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for record in self.session.scalars(select(model).where(model.id.in_(chunk))):
                self._found[(model, record.id)] = record
            self._checked.update((model, i) for i in chunk)

    def prefetch_keys(self, model, keys):
        self.prefetch(model, [demo_id(key) for key in keys])

    def _by_id(self, model, record_id: str):
        if (model, record_id) in self._checked:
            return self._found.get((model, record_id))
        return self.session.get(model, record_id)

    def existing(self, model, key: str, natural=None):
        if natural is not None:
            record = self.session.scalar(select(model).where(*natural))
            if record is not None:
                return record
        return self._by_id(model, demo_id(key))

    def ensure(self, model, key: str, natural=None, **fields):
        """The record with this natural key; written with ``fields`` and id ``demo_id(key)`` if missing.

        ``updated_by_id`` in ``fields`` names the author (the set-up records' is the admin).
        """
        record = self.existing(model, key, natural)
        return record if record is not None else self.write(model, demo_id(key), key, fields)

    def ensure_id(self, model, record_id: str, **fields):
        """The record with this id (a rule-7 attendance id, say), written with ``fields`` if missing."""
        record = self._by_id(model, record_id)
        return record if record is not None else self.write(model, record_id, record_id, fields)

    def live(self, record):
        """The stored record of a stand-in (or the record itself): flushes what is waiting first."""
        if isinstance(record, Plain):
            self.flush()
            return self.session.get(record.model, record.id)
        return record

    # writing -------------------------------------------------------------
    def add_directly(self, record):
        """A record no push writes yet (a survey form: it has no set-up schema), added and change-logged as before."""
        self.session.add(record)
        record_change(self.session, record)
        self._found[(type(record), record.id)] = record
        self.created[type(record).__tablename__] += 1
        return record

    def write(self, model, record_id: str, label: str, fields: dict):
        """Queue the creation of a record as its author; returns a stand-in with the fields given."""
        fields = dict(fields)
        author_id = fields.pop("updated_by_id", None) or self.admin.id
        if fields.pop("assessor_id", author_id) != author_id:
            raise ValueError(f"{label}: push makes the author the assessor")
        self._queue(author_id, model.entity, record_id, label, self._wire(model.entity, fields), None)
        self.created[model.__tablename__] += 1
        return Plain(model, id=record_id, **fields, deleted=False, updated_by_id=author_id)

    def update(self, record, label: str, **fields):
        """Queue a change of fields of a record that was already there (a missing rubric or staff added)."""
        data = self._wire(record.entity, fields)
        before = self._wire(record.entity, {name: getattr(record, name) for name in fields})
        self._queue(self.admin.id if record.entity in SETUP_ENTITIES else record.updated_by_id, record.entity,
                    record.id, label, data, record, before)
        self.created[f"{type(record).__tablename__} updated"] += 1

    @staticmethod
    def _wire(entity: str, fields: dict) -> dict:
        keys = {name: field.data_key or name for name, field in SCHEMAS[entity].fields.items()}
        # the scope keys a phone does not send: push derives them from the references (a session's cohort…)
        fields = {name: value for name, value in fields.items() if name in keys or name not in DERIVED}
        unknown = set(fields) - set(keys)
        if unknown:
            raise ValueError(f"{entity}: no such wire fields {sorted(unknown)}")
        return {keys[name]: wire_value(value) for name, value in fields.items()}

    def _queue(self, author_id, entity, record_id, label, data, record=None, before=None):
        self._pending.setdefault((author_id, entity in SETUP_ENTITIES), []).append((label, before, {
            "mutation_id": str(uuid.uuid4()), "entity": entity, "id": record_id, "op": "upsert", "data": data,
            "hlc": server_hlc(after=newest_hlc(record) if record is not None else None),
            "base_version": record.version if record is not None else None}))

    def flush(self):
        """Push what is waiting: each author's changes in one call, authors in the order they first wrote."""
        pending, self._pending = self._pending, {}
        for (author_id, set_up), changes in pending.items():
            self._push(self.users[author_id], set_up, changes)

    def _push(self, author, set_up: bool, pending: list):
        """One push call as ``author``; a refused change stops the load."""
        now = datetime.now(timezone.utc)
        caller = Caller(user_id=author.id, device_id=None, scope=scope_for(author), request_id=uuid.uuid4().hex,
                        now=now, writable=SERVER_WRITABLE if set_up else WRITABLE_ENTITIES)
        results = push(self.session, caller, [change for _label, _before, change in pending]).results
        refused = [(label, result) for (label, _before, _change), result in zip(pending, results)
                   if result["status"] not in ("applied", "duplicate")]
        if refused:
            label, result = refused[0]
            raise click.ClickException(
                f"The demo's {label} was refused as written by {author.username}: {result.get('reason')} "
                f"{result.get('errors') or ''} ({len(refused)} of {len(pending)} changes refused).")
        if set_up:  # audited as a set-up page's write is (server_write): who, what, before → after
            for _label, before, change in pending:
                record = self.session.get(SYNCED_MODELS[change["entity"]], change["id"])
                audit("demo_set_up", user=author, entity=change["entity"], record_id=change["id"],
                      programme_id=record.scope_keys().get("programme_id"),
                      detail={"hlc": change["hlc"], "before": before, "after": change["data"]})

