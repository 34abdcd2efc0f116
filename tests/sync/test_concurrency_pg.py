"""Concurrent pushes on PostgreSQL through a real HTTP server (threads): no lost update, no duplicate,
no deadlock, and a puller running alongside misses nothing (sequence order is commit order)."""
import os
import threading
import uuid

import pytest
import requests
from sqlalchemy import func, select, text

from models import AppliedMutation, ChangeLog, Participant, attendance_id
from tests.conftest import PASSWORD

from .conftest import hlc

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="needs PostgreSQL (TEST_DATABASE_URL)")
ROUNDS = 12


class HttpDevice:
    def __init__(self, base, username):
        self.base, self.device_id, self.cursor = base, str(uuid.uuid4()), None
        self.http = requests.Session()
        token = self.http.post(f"{base}/api/v1/auth/token", json={
            "username": username, "password": PASSWORD, "device_id": self.device_id}, timeout=30).json()["token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def sync(self, changes=()):
        response = self.http.post(f"{self.base}/api/v1/sync", timeout=60, json={
            "device_id": self.device_id, "schema_version": 1, "cursor": self.cursor, "changes": list(changes)})
        assert response.status_code == 200, response.text
        payload = response.json()
        self.cursor = payload["cursor"]
        return payload


def test_two_threads_pushing_overlapping_batches_lose_nothing(live_server, ids, in_db):
    trainer, coordinator = HttpDevice(live_server, "trainer_a"), HttpDevice(live_server, "coord_a")
    watcher = HttpDevice(live_server, "coord_a")
    people, session = ids.a.participants, ids.a.session
    shared = [[str(uuid.uuid4()) for _ in people] for _ in range(ROUNDS)]
    answers = {"trainer": [], "coordinator": []}
    seen_versions = {}
    errors, done = [], threading.Event()
    start = threading.Barrier(2)

    def batch(device, field, n):
        changes = [{"mutation_id": str(uuid.uuid4()), "entity": "participant", "id": p, "op": "upsert",
                    "data": {field: f"{field[:1]}{n}"}, "hlc": hlc(device.device_id)} for p in people]
        changes += [{"mutation_id": shared[n][i], "entity": "attendance", "id": attendance_id(session, p),
                     "op": "upsert", "data": {"session_id": session, "participant_id": p, "status": "present"},
                     "hlc": hlc(device.device_id)} for i, p in enumerate(people)]
        return changes

    def pusher(name, device, field):
        try:
            for n in range(ROUNDS):
                start.wait(timeout=30)
                answers[name].extend(device.sync(batch(device, field, n))["results"])
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(repr(exc))
            start.abort()

    def watch():
        try:
            while not done.is_set():
                for change in watcher.sync()["changes"]:
                    seen_versions[(change["entity"], change["id"])] = change["version"]
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=pusher, args=("trainer", trainer, "given_name")),
               threading.Thread(target=pusher, args=("coordinator", coordinator, "family_name")),
               threading.Thread(target=watch)]
    for t in threads:
        t.start()
    for t in threads[:2]:
        t.join(timeout=240)
    done.set()
    threads[2].join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a request hung (deadlock?)"
    assert errors == []
    for change in watcher.sync()["changes"]:
        seen_versions[(change["entity"], change["id"])] = change["version"]

    last = f"{ROUNDS - 1}"
    for person in people:  # both writers' fields survive: no lost update
        record = in_db(lambda s: s.get(Participant, person))
        assert (record.given_name, record.family_name) == (f"g{last}", f"f{last}")
        assert seen_versions[("participant", person)] == record.version  # the watcher missed nothing
    every = answers["trainer"] + answers["coordinator"]
    assert all(r["status"] in ("applied", "conflict") for r in every), every
    for ids_of_round in shared:  # the same mutation_id from two users at once: each is judged on its merits
        statuses = [r["status"] for r in every if r["mutation_id"] in ids_of_round]
        assert len(statuses) == 2 * len(people) and "duplicate" not in statuses
    ledger = in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation)))
    assert ledger == len(every)  # one answer per user, device and mutation_id
    logged = in_db(lambda s: s.execute(select(ChangeLog.record_id, func.count()).where(ChangeLog.op != "moved")
                                       .group_by(ChangeLog.entity, ChangeLog.record_id)
                                       .having(func.count() > 1)).all())
    assert logged == []
    assert in_db(lambda s: s.scalar(text(  # the writers' lock is gone with their transactions
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1179468620 AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())"))) == 0
