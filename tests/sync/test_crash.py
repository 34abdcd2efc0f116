"""Crash test (SYNC.md rules 2 and 8): the server is killed with SIGKILL mid-batch, again and again,
while a phone pushes batches over real HTTP; nothing acknowledged is lost and nothing is duplicated.

The server is gunicorn (one sync worker, like a small deployment) in its own process group on a
loopback port, on the test database. The client is a phone: it pushes batches of new sessions,
attendance of those sessions (references made earlier in the same request) and edits of the
cohort's participants; a push that gets no answer (the server died) is retried, same
mutation_ids, once the server is back, as often as needed. A kill lands at a random moment
while a push is in flight — before the commit (nothing applied: the retry applies it) or after
it (the retry is answered ``duplicate``). At the end every acknowledged change must be in the
database exactly once: each new session and attendance present once, each participant holding
the last value sent, one ledger row per mutation, one change-log row per record.

``make test`` runs 3 kills on SQLite; ``make test-long`` (FM_LONG=1) 15 on each engine
(FM_CRASH_KILLS=n any number). Figures are printed and written to test-artifacts/.
"""
import json
import os
import secrets
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from models import AppliedMutation, Attendance, ChangeLog, Participant, TrainingSession, attendance_id
from tests.conftest import PASSWORD

from .conftest import hlc

pytestmark = [pytest.mark.crash, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("FM_CRASH_KILLS") or (15 if os.environ.get("FM_LONG") == "1" else 3))
SESSIONS_PER_BATCH = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on the test database, started and SIGKILLed as a whole process group."""

    def __init__(self, database_url: str, log_path: Path):
        self.database_url, self.log_path = database_url, log_path
        self.process, self.url, self.starts = None, None, 0

    def start(self) -> None:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": self.database_url, "SECRET_KEY": secrets.token_hex(32),
               "RATELIMIT_STORAGE_URI": "memory://"}
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--timeout", "120",
                 "--bind", f"127.0.0.1:{port}", "app:create_app()"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url, self.starts = f"http://127.0.0.1:{port}", self.starts + 1
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                if requests.get(f"{self.url}/api/v1/me", timeout=5).status_code == 401:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert time.monotonic() < deadline, "the server did not start within 60 s"
            time.sleep(0.1)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class Phone:
    """A device as the app is one: an outbox of batches, each retried with the same mutation_ids."""

    def __init__(self, ids):
        self.ids, self.device_id = ids, str(uuid.uuid4())
        self.http = requests.Session()
        self.n = 0
        #: mutation_id → (kind, what it must have left in the database)
        self.sent = {}
        self.acknowledged = {}
        self.last_name = {}

    def sign_in(self, url: str) -> None:
        response = self.http.post(f"{url}/api/v1/auth/token", timeout=30, json={
            "username": "trainer_a", "password": PASSWORD, "device_id": self.device_id, "device_name": "crash"})
        assert response.status_code == 200, response.text
        self.http.headers["Authorization"] = f"Bearer {response.json()['token']}"

    def batch(self) -> list:
        self.n += 1
        changes = []
        people = self.ids.a.participants
        for i in range(SESSIONS_PER_BATCH):
            session_id = str(uuid.uuid4())
            topic = f"crash {self.n}-{i}"
            changes.append(self.change("session", session_id, ("session", session_id, topic), {
                "cohort_id": self.ids.a.cohort, "date": "2026-11-20", "duration_minutes": 60, "kind": "training",
                "topic": topic}))
            if i % 4 == 0:
                person = people[i % len(people)]
                record_id = attendance_id(session_id, person)
                changes.append(self.change("attendance", record_id, ("attendance", record_id, None), {
                    "session_id": session_id, "participant_id": person, "status": "present"}))
        for j, person in enumerate(people):
            name = f"Name {self.n}-{j}"
            changes.append(self.change("participant", person, ("participant", person, name), {"given_name": name}))
        return changes

    def change(self, entity, record_id, expect, data) -> dict:
        mutation_id = str(uuid.uuid4())
        self.sent[mutation_id] = expect
        return {"mutation_id": mutation_id, "entity": entity, "id": record_id, "op": "upsert", "data": data,
                "hlc": hlc(self.device_id)}

    def push(self, url: str, changes: list) -> dict | None:
        """The answer, or None when the server died before answering."""
        try:
            response = self.http.post(f"{url}/api/v1/sync", timeout=120, json={
                "device_id": self.device_id, "schema_version": 1, "cursor": None, "changes": changes,
                "pull_limit": 1000})  # a full page: the answer takes a while to make
        except requests.RequestException:  # refused, reset, cut off mid-answer
            return None
        if response.status_code >= 500:
            return None
        assert response.status_code == 200, response.text
        return response.json()

    def acknowledge(self, changes: list, answer: dict, statuses: Counter) -> None:
        for change, result in zip(changes, answer["results"], strict=True):
            assert result["mutation_id"] == change["mutation_id"]
            assert result["status"] in ("applied", "duplicate", "conflict"), result
            statuses[result["status"]] += 1
            self.acknowledged[change["mutation_id"]] = self.sent[change["mutation_id"]]
            kind, record_id, value = self.sent[change["mutation_id"]]
            if kind == "participant":
                self.last_name[record_id] = value


def run(server: Server, phone: Phone, kills_wanted: int, seed: int, committed) -> dict:
    rng = random.Random(seed)
    figures = Counter()
    statuses = Counter()
    phone.sign_in(server.url)
    durations = []

    def timed_push(changes):
        started = time.monotonic()
        answer = phone.push(server.url, changes)
        if answer is not None:
            durations.append(time.monotonic() - started)
        return answer

    first = phone.batch()
    phone.acknowledge(first, timed_push(first), statuses)
    attempts = 0
    while figures["kills"] < kills_wanted:
        attempts += 1
        assert attempts < kills_wanted * 20, f"could not kill mid-batch: {dict(figures)}"
        changes = phone.batch()
        box = {}
        took = sorted(durations)[len(durations) // 2]
        pushing = threading.Thread(target=lambda: box.update(answer=timed_push(changes)))
        pushing.start()
        if attempts % 2:  # anywhere in the request
            time.sleep(took * rng.uniform(0.05, 1.0))
        else:  # just after the commit, while the answer is being made: the phone never gets it
            last = changes[-1]["mutation_id"]
            while pushing.is_alive() and not committed(last):
                time.sleep(0.002)
        if not pushing.is_alive():  # answered before the kill: not mid-batch, try the next one
            phone.acknowledge(changes, box["answer"], statuses)
            continue
        server.kill()
        pushing.join(timeout=60)
        assert not pushing.is_alive()
        figures["kills"] += 1
        server.start()
        answer = box.get("answer")
        if answer is not None:  # the answer came out just before the kill
            figures["answered_before_kill"] += 1
            phone.acknowledge(changes, answer, statuses)
            continue
        while answer is None:  # the phone retries the same batch until it gets an answer
            figures["retries"] += 1
            answer = phone.push(server.url, changes)
        if all(r["status"] == "duplicate" for r in answer["results"]):
            figures["killed_after_commit"] += 1
        else:
            assert not any(r["status"] == "duplicate" for r in answer["results"]), "half a batch was committed"
            figures["killed_before_commit"] += 1
        phone.acknowledge(changes, answer, statuses)
    figures["restarts"] = server.starts - 1
    figures["statuses"] = dict(statuses)
    return figures


def check(in_db, phone: Phone) -> dict:
    """Every acknowledged change present exactly once."""
    acked = phone.acknowledged
    topics = {value for kind, _id, value in acked.values() if kind == "session"}
    attendance = {record_id for kind, record_id, _v in acked.values() if kind == "attendance"}

    def read(s):
        rows = s.execute(select(TrainingSession.id, TrainingSession.topic)
                         .where(TrainingSession.topic.like("crash %"))).all()
        present_attendance = set(s.scalars(select(Attendance.id).where(Attendance.id.in_(attendance))))
        names = dict(s.execute(select(Participant.id, Participant.given_name)
                               .where(Participant.id.in_(list(phone.last_name)))).all())
        ledger = Counter(s.scalars(select(AppliedMutation.mutation_id)
                                   .where(AppliedMutation.device_id == phone.device_id)))
        logged = s.execute(select(ChangeLog.record_id, func.count()).where(ChangeLog.op != "moved")
                           .group_by(ChangeLog.entity, ChangeLog.record_id).having(func.count() > 1)).all()
        return rows, present_attendance, names, ledger, logged

    rows, present_attendance, names, ledger, logged = in_db(read)
    by_topic = Counter(topic for _id, topic in rows)
    sessions_by_id = dict(rows)
    lost = [m for m, (kind, record_id, value) in acked.items() if
            (kind == "session" and sessions_by_id.get(record_id) != value)
            or (kind == "attendance" and record_id not in present_attendance)
            or m not in ledger]
    lost += [person for person, name in phone.last_name.items() if names.get(person) != name]
    duplicated = sum(n - 1 for n in by_topic.values() if n > 1) + sum(n - 1 for n in ledger.values() if n > 1)
    duplicated += len(logged) + len(set(by_topic) - topics)  # sessions nobody acknowledged are extra too
    return {"acknowledged_changes": len(acked), "sessions": len(topics), "attendance": len(attendance),
            "lost": len(lost), "duplicated": duplicated}


@pytest.mark.timeout(120 + KILLS * 40)
def test_sigkill_mid_batch_loses_and_duplicates_nothing(app, database_url, ids, in_db, tmp_path, capsys):
    engine = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    if engine == "postgresql" and os.environ.get("FM_LONG") != "1" and not os.environ.get("FM_CRASH_KILLS"):
        pytest.skip("the short crash run is SQLite only; make test-long kills PostgreSQL 15 times")
    server = Server(database_url, tmp_path / "gunicorn.log")
    phone = Phone(ids)
    server.start()
    try:
        def committed(mutation_id):
            return in_db(lambda s: s.scalar(select(AppliedMutation.mutation_id).where(
                AppliedMutation.device_id == phone.device_id, AppliedMutation.mutation_id == mutation_id))) is not None

        figures = run(server, phone, KILLS, int(os.environ.get("FM_CRASH_SEED", "11")), committed)
    finally:
        server.stop()
    result = check(in_db, phone)
    report = {"engine": engine, "kills": figures["kills"], **result,
              **{k: v for k, v in figures.items() if k != "kills"}}
    with capsys.disabled():
        print(f"\ncrash test ({engine}): {report['kills']} kills, {result['acknowledged_changes']} acknowledged "
              f"changes, {result['lost']} lost, {result['duplicated']} duplicated — {json.dumps(report)}")
    os.makedirs(ROOT / "test-artifacts", exist_ok=True)
    with open(ROOT / "test-artifacts" / f"crash_{engine}_{KILLS}.json", "w") as fh:
        json.dump(report, fh, indent=2)
    assert figures["kills"] >= KILLS
    assert result["lost"] == 0 and result["duplicated"] == 0, report
