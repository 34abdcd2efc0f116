"""Deterministic ids and find-or-make for the demo loader (see cli/demo_data.py)."""
import uuid
from collections import Counter
from datetime import date

from sqlalchemy import select

from api.sync.changes import record_change
from models.base import SyncedMixin

#: namespace of the demo's deterministic ids (never change it: every id would change with it)
DEMO_NAMESPACE = uuid.UUID("0b6f3e52-7a1d-5c39-9e84-2f4a6d8c1b70")


def demo_id(key: str) -> str:
    """The stable id of the demo record with this natural key, e.g. ``cohort:kljuc-d4d:kljuc-cnc-1``."""
    return str(uuid.uuid5(DEMO_NAMESPACE, key))


class DemoWriter:
    """Finds demo records by natural key or id, and makes (and change-logs) the missing ones.

    Nothing that is found is modified: a second load changes nothing, and records that
    phones have edited or deleted since keep their edits (a tombstone is found, not revived).
    """

    def __init__(self, session, today: date):
        self.session = session
        self.today = today
        self.created = Counter()
        #: ids already looked up in bulk (found or not), and the rows found
        self._checked = set()
        self._found = {}

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

    def create(self, record):
        self.session.add(record)
        if isinstance(record, SyncedMixin):
            record_change(self.session, record)
        else:
            self.session.flush([record])
        self._found[(type(record), record.id)] = record
        self.created[type(record).__tablename__] += 1
        return record

    def ensure(self, model, key: str, natural=None, **fields):
        """The record with this natural key; made with ``fields`` and id ``demo_id(key)`` if missing."""
        record = self.existing(model, key, natural)
        return record if record is not None else self.create(model(id=demo_id(key), **fields))

    def ensure_id(self, model, record_id: str, **fields):
        """The record with this id (a rule-7 attendance id, say), made with ``fields`` if missing."""
        record = self._by_id(model, record_id)
        return record if record is not None else self.create(model(id=record_id, **fields))

    def changed(self, record):
        """Log a change of a record that was already there (a missing membership or staff row added)."""
        record_change(self.session, record)
        self.created[f"{type(record).__tablename__} updated"] += 1
