"""Helpers for the sync tests: build changes as a phone does and sync them."""
import itertools
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from api.sync.hlc import format_time

_counter = itertools.count()


def hlc(device_id: str, offset_seconds: float = 0.0, counter: int | None = None) -> str:
    """An HLC of ``device_id`` at now + offset (counter from a running sequence)."""
    moment = datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)
    return f"{format_time(moment)}_{(next(_counter) if counter is None else counter) % 0x10000:04x}_{device_id}"


def change(device, entity, record_id, data=None, op="upsert", base_version=None, at=None, mutation_id=None):
    return {"mutation_id": mutation_id or str(uuid.uuid4()), "entity": entity, "id": record_id, "op": op,
            "data": data or {}, "hlc": at or hlc(device.device_id), "base_version": base_version}


class SyncDevice:
    """An ApiClient that keeps its cursor, like the phone app."""

    def __init__(self, api_client):
        self.api = api_client
        self.device_id = api_client.device_id
        self.cursor = None

    def sync(self, changes=(), pull_limit=500, expect=200, **extra):
        body = {"device_id": self.device_id, "schema_version": 1, "cursor": self.cursor,
                "changes": list(changes), "pull_limit": pull_limit, **extra}
        response = self.api.post("/sync", json=body)
        assert response.status_code == expect, response.get_json()
        payload = response.get_json()
        if expect == 200:
            self.cursor = payload["cursor"]
        return payload

    def pull_all(self):
        """Pull until ``more`` is false; all changes received."""
        received = []
        while True:
            payload = self.sync()
            received.extend(payload["changes"])
            if not payload["more"]:
                return received

    def change(self, *args, **kwargs):
        return change(self, *args, **kwargs)


@pytest.fixture
def device(api):
    """``device("trainer_a")`` → a SyncDevice signed in as that user."""

    def make(username):
        return SyncDevice(api(username))

    return make


def _ids(value):
    from types import SimpleNamespace

    if isinstance(value, SimpleNamespace):
        return SimpleNamespace(**{k: _ids(v) for k, v in vars(value).items()})
    if isinstance(value, list):
        return [_ids(v) for v in value]
    return value.id


@pytest.fixture
def ids(app, world):
    """The ``world`` as plain ids (``ids.a.session`` is the session's id), usable outside a session."""
    from models import db

    with app.app_context():
        for value in _walk(world):
            db.session.add(value)
        return _ids(world)


def _walk(value):
    from types import SimpleNamespace

    if isinstance(value, SimpleNamespace):
        for v in vars(value).values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


@pytest.fixture
def in_db(app):
    """``in_db(fn)`` → fn(db.session) run in its own app context (never the requests')."""
    from models import db

    def run(fn):
        with app.app_context():
            return fn(db.session)

    return run


def attendance_change(device, ids_programme, person=0, status="present", **kw):
    """An attendance upsert for participant ``person`` of the programme's first session."""
    from models import attendance_id

    session_id, participant_id = ids_programme.session, ids_programme.participants[person]
    return change(device, "attendance", attendance_id(session_id, participant_id),
                  {"session_id": session_id, "participant_id": participant_id, "status": status}, **kw)
