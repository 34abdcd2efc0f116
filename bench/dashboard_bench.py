"""Dashboard and coordinator-page timings at scale, on SQLite and on PostgreSQL.

    python bench/dashboard_bench.py [--participants 100000] [--attendance 1000000] [--runs 7]
                                    [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--skip-pg]

Builds a scratch database per engine (real migrations), bulk-loads one
programme (bench/dashboard_data.py), then times the indicators dashboard
(reports.dashboard) and the coordinator pages through the real app, and prints
p50/p95 per item. Figures go to bench/results/dashboard.json. It never passes
or fails on a time.
"""
import argparse
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

BENCH_SECRET_KEY = "field-mentor-bench-only-secret-key-0123456789"

RESULTS = os.path.join(ROOT, "bench", "results", "dashboard.json")
PASSWORD = "bench-password-1"


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def make_app(url, instance):
    from app import create_app
    from config import Config

    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": BENCH_SECRET_KEY,
                                             "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "1000 per minute"})
    app = create_app(config)
    app.instance_path = instance
    return app


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return {"p50_ms": round(percentile(samples, 0.5) * 1000, 1), "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
            "runs": runs}


def bench_engine(name, url, args):
    from flask_migrate import upgrade

    from bench.dashboard_data import generate
    from models import Programme, User, db
    from reports.dashboard import dashboard
    from reports.period import Period
    from security.passwords import hash_password

    instance = tempfile.mkdtemp(prefix="fm-bench-")
    app = make_app(url, instance)
    out = {}
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        ids = generate(db.session, args.participants, args.attendance)
        out["load_seconds"] = round(time.perf_counter() - start, 1)
        out["rows"] = {k: v for k, v in ids.items() if isinstance(v, int)}
        print(f"[{name}] loaded {ids['attendance']:,} attendance rows, {ids['participants']:,} participants "
              f"in {out['load_seconds']} s", flush=True)
        coordinator = db.session.get(User, ids["coordinator_id"])
        coordinator.password_hash = hash_password(PASSWORD)
        db.session.commit()
        programme = db.session.get(Programme, ids["programme_id"])
        now = datetime.now(timezone.utc)
        out["dashboard_function"] = timed(
            lambda: dashboard(db.session, programme, Period(programme.id), now=now), args.runs)
        print(f"[{name}] dashboard(): {out['dashboard_function']}", flush=True)
        db.session.remove()
    client = app.test_client()
    response = client.post("/login", data={"username": "coord", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    pid = ids["programme_id"]
    pages = {
        "indicators_page": f"/review/{pid}/indicators",
        "feed_first_page": f"/review/{pid}/feed",
        "feed_by_cohort": f"/review/{pid}/feed?cohort={ids['cohort_id']}",
        "feed_flagged": f"/review/{pid}/feed?state=flagged",
        "participants_first_page": f"/review/{pid}/participants",
        "participants_search": f"/review/{pid}/participants?q=family+4242",
        "participant_profile": f"/review/{pid}/participants/{ids['participant_id']}",
        "cohorts_page": f"/review/{pid}/cohorts",
        "cohort_register": f"/review/{pid}/cohorts/{ids['cohort_id']}",
        "conflicts_page": f"/review/{pid}/conflicts",
    }
    for key, path in pages.items():
        def get(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        out[key] = timed(get, args.runs)
        print(f"[{name}] {key}: {out[key]}", flush=True)
    for key, path in (("export_indicators_xlsx", f"/review/{pid}/exports/indicators.xlsx"),
                      ("export_attendance_csv", f"/review/{pid}/exports/attendance.csv")):
        start = time.perf_counter()
        size = len(client.get(path).data)
        out[key] = {"seconds": round(time.perf_counter() - start, 2), "bytes": size, "runs": 1}
        print(f"[{name}] {key}: {out[key]}", flush=True)
    out["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return out


def scratch_postgres(base):
    url = make_url(base)
    dbname = f"fm_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))
    return url.set(database=dbname).render_as_string(hide_password=False), admin, dbname


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pg-url", default=os.environ.get("PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform(),
                           "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
               "participants": args.participants, "attendance": args.attendance}
    if not args.skip_sqlite:
        path = os.path.join(tempfile.mkdtemp(prefix="fm-bench-"), "bench.db")
        results["sqlite"] = bench_engine("sqlite", f"sqlite:///{path}", args)
        os.remove(path)
    if not args.skip_pg:
        url, admin, dbname = scratch_postgres(args.pg_url)
        try:
            results["postgresql"] = bench_engine("postgresql", url, args)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as fh:
        json.dump(results, fh, indent=2)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
