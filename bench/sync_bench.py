"""Sync benchmark through the real HTTP API (gunicorn on loopback, SQLite by default).

    python bench/sync_bench.py [--records 10000] [--batch 500] [--big 1000000] [--database-url URL]

1. Pushes N attendance records made offline (one device) in batches of --batch, gzip both ways, and
   prints records/s, round trips, gzip bytes per record on the wire and the server's peak memory.
2. Measures a no-op pull and a 10-change pull with 1k records on the server, grows the server to
   --big records by bulk SQL, measures again and prints the ratio.
Figures go to bench/results/sync_bench.json and .txt. Never pass/fail.
"""
import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def hlc(device_id, moment, counter):
    from api.sync.hlc import format_time

    return f"{format_time(moment)}_{counter % 0x10000:04x}_{device_id}"


class Device:
    def __init__(self, base, username, password):
        self.base, self.device_id, self.cursor = base, str(uuid.uuid4()), None
        self.username = username
        self.http = requests.Session()
        reply = self.http.post(f"{base}/api/v1/auth/token", json={"username": username, "password": password,
                                                                   "device_id": self.device_id})
        reply.raise_for_status()
        self.http.headers.update({"Authorization": f"Bearer {reply.json()['token']}", "Accept-Encoding": "gzip"})
        self.requests = 0
        self.bytes_up = self.bytes_down = 0

    def sync(self, changes=(), pull_limit=1000):
        body = gzip.compress(json.dumps({"device_id": self.device_id, "schema_version": 1, "cursor": self.cursor,
                                         "changes": list(changes), "pull_limit": pull_limit},
                                        separators=(",", ":")).encode(), 6)
        reply = self.http.post(f"{self.base}/api/v1/sync", data=body, stream=True, headers={
            "Content-Type": "application/json", "Content-Encoding": "gzip"})
        raw = reply.raw.read(decode_content=False)
        reply.raise_for_status()
        self.requests += 1
        self.bytes_up += len(body)
        self.bytes_down += len(raw)
        payload = json.loads(gzip.decompress(raw) if reply.headers.get("Content-Encoding") == "gzip" else raw)
        self.cursor = payload["cursor"]
        return payload

    def drain(self):
        while self.sync()["more"]:
            pass


def offline_changes(device_id, world, n):
    from models import attendance_id

    start = datetime.now(timezone.utc) - timedelta(hours=2)
    statuses = ("present", "present", "present", "late", "absent", "excused")
    people, sessions = world["participants"], world["sessions"]
    for i in range(n):
        session_id, person = sessions[i // len(people)], people[i % len(people)]
        yield {"mutation_id": str(uuid.uuid4()), "entity": "attendance", "id": attendance_id(session_id, person),
               "op": "upsert", "data": {"session_id": session_id, "participant_id": person,
                                        "status": statuses[i % len(statuses)]},
               "hlc": hlc(device_id, start + timedelta(milliseconds=i * 40), i), "base_version": None}


def peak_memory_kb(pid):
    """VmHWM of the server's worker (the child of gunicorn's arbiter)."""
    peaks = []
    for child in [pid] + [int(p) for p in open(f"/proc/{pid}/task/{pid}/children").read().split()]:
        with open(f"/proc/{child}/status") as fh:
            peaks += [int(line.split()[1]) for line in fh if line.startswith("VmHWM")]
    return max(peaks)


def timed_pulls(device, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        device.sync()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def ten_change_pull(device, other, world, repeat):
    times = []
    for r in range(repeat):
        edits = [{"mutation_id": str(uuid.uuid4()), "entity": "session", "id": world["sessions"][k], "op": "upsert",
                  "data": {"topic": f"Edited {r}.{k}"}, "hlc": hlc(other.device_id, datetime.now(timezone.utc), k),
                  "base_version": None} for k in range(10)]
        other.sync(edits)
        t0 = time.perf_counter()
        got = device.sync()
        times.append((time.perf_counter() - t0) * 1000)
        assert len(got["changes"]) == 10, len(got["changes"])
    return statistics.median(times)


def fast_forward(device):
    """Give a device the cursor it would hold after pulling the bulk-loaded rows (as if it had them)."""
    from sqlalchemy import select

    from api.sync import cursor as cursors
    from api.sync.pull import max_seq
    from models import User, db
    from security.scope import scope_for

    scope = scope_for(db.session.scalar(select(User).where(User.username == device.username)))
    state = {"s": max_seq(db.session), "k": cursors.scope_lists(scope)}
    device.cursor = cursors.encode(state, b"field-mentor-bench-only-secret-key-0123456789")


def measure_pulls(app, world, coordinator, other, size, grow):
    from bench_data import count_records

    with app.app_context():
        grow(size, world["programme"], world["cohort"])
        held = count_records()
        for device in (coordinator, other):
            fast_forward(device)
    coordinator.drain()
    other.drain()
    figures = {"records_on_server": held, "noop_pull_ms": round(timed_pulls(coordinator, 30), 2),
               "ten_change_pull_ms": round(ten_change_pull(coordinator, other, world, 15), 2)}
    print(f"pull with {held} records on the server: no-op {figures['noop_pull_ms']} ms, "
          f"10 changes {figures['ten_change_pull_ms']} ms")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    parser.add_argument("--port", type=int, default=5791)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="fm-bench-")
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "field-mentor-bench-only-secret-key-0123456789"}
    os.environ.update(DATABASE_URL=url, SECRET_KEY="field-mentor-bench-only-secret-key-0123456789")
    from app import create_app
    from bench_data import PASSWORD, grow, seed

    app = create_app()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=os.path.join(ROOT, "migrations"))
        people = 100
        world = seed(participants=people, sessions=max(1, -(-args.records // people)))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{args.port}",
                               "--log-level", "warning", "app:create_app()"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/api/v1/openapi.json", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        trainer = Device(base, "bench_trainer", PASSWORD)
        coordinator, other = Device(base, "bench_coord", PASSWORD), Device(base, "bench_other", PASSWORD)
        pulls = {"small": measure_pulls(app, world, coordinator, other, 1_000, grow)}
        trainer.drain()
        trainer.requests = trainer.bytes_up = trainer.bytes_down = 0
        changes = list(offline_changes(trainer.device_id, world, args.records))
        t0 = time.perf_counter()
        applied = 0
        for start in range(0, len(changes), args.batch):
            results = trainer.sync(changes[start:start + args.batch])["results"]
            applied += sum(r["status"] == "applied" for r in results)
        elapsed = time.perf_counter() - t0
        push = {"records": args.records, "applied": applied, "seconds": round(elapsed, 3),
                "records_per_second": round(args.records / elapsed), "requests": trainer.requests,
                "gzip_bytes_up": trainer.bytes_up, "gzip_bytes_down": trainer.bytes_down,
                "bytes_per_record": round((trainer.bytes_up + trainer.bytes_down) / args.records, 1),
                "server_peak_memory_mb": round(peak_memory_kb(server.pid) / 1024, 1)}
        print(f"push: {push['records']} records in {push['seconds']} s = {push['records_per_second']} records/s, "
              f"{push['requests']} requests, {push['bytes_per_record']} gzip bytes/record on the wire, "
              f"server peak memory {push['server_peak_memory_mb']} MB")
        pulls["big"] = measure_pulls(app, world, coordinator, other, args.big, grow)
        ratio = {k: round(pulls["big"][k] / pulls["small"][k], 2) for k in ("noop_pull_ms", "ten_change_pull_ms")}
        print(f"ratio big/small: no-op {ratio['noop_pull_ms']}, 10 changes {ratio['ten_change_pull_ms']}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.database_url:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {"database": url.split(":")[0], "push": push, "pull": pulls, "pull_ratio_big_over_small": ratio,
              "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "reference": "CouchDB-protocol server: 10,000 records at ~3,000 records/s, 402 HTTP requests"}
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    stem = os.path.join(ROOT, "bench", "results", f"sync_bench_{report['database']}")
    with open(stem + ".json", "w") as fh:
        json.dump(report, fh, indent=2)
    with open(stem + ".txt", "w") as fh:
        fh.write(f"Sync benchmark, {report['when']}, {report['database']}, through HTTP (gunicorn, 1 worker)\n")
        fh.write(f"push: {push['records']} offline attendance records in batches of {args.batch}: "
                 f"{push['records_per_second']} records/s, {push['requests']} requests, "
                 f"{push['bytes_per_record']} gzip bytes/record (up+down), server peak memory "
                 f"{push['server_peak_memory_mb']} MB\n")
        for label, figures in pulls.items():
            fh.write(f"pull at {figures['records_on_server']} records: no-op {figures['noop_pull_ms']} ms, "
                     f"10 changes {figures['ten_change_pull_ms']} ms (median)\n")
        fh.write(f"ratio {pulls['big']['records_on_server']} / {pulls['small']['records_on_server']} records: "
                 f"no-op {ratio['noop_pull_ms']}, 10 changes {ratio['ten_change_pull_ms']}\n")
        fh.write(f"reference: {report['reference']}\n")


if __name__ == "__main__":
    main()
