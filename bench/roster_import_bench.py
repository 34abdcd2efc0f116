"""Roster import benchmark: 10,000 participants from one XLSX, through the page's and the CLI's service.

    python bench/roster_import_bench.py [--rows 10000] [--database-url URL]

With a PostgreSQL URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) a scratch
database is made and dropped. Times: reading the XLSX (zip check, openpyxl read_only, both
value and formula passes), the preview (convert, duplicates, the whole push, rolled back), and
the import (the same, committed), all codes assigned by the server. Prints figures with the
load average (the machine is shared) and writes bench/results/roster_import_bench_<database>.json
and .txt. Never pass/fail.
"""
import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.report import write_figures  # noqa: E402
BENCH_SECRET_KEY = "field-mentor-bench-only-secret-key-0123456789"


def build(app):
    from models import Cohort, Membership, Occupation, Organisation, Programme, User, db

    with app.app_context():
        org = Organisation(name="Bench")
        db.session.add(org)
        db.session.flush()
        occupation = Occupation(organisation_id=org.id, code="bench", name="Bench trade")
        programme = Programme(organisation_id=org.id, code="bench", name="Bench programme")
        db.session.add_all([occupation, programme])
        db.session.flush()
        db.session.add(Cohort(programme_id=programme.id, occupation_id=occupation.id, code="a1", name="Bench cohort",
                              starts_on=date(2026, 9, 1)))
        user = User(username="bench_coord", display_name="Bench coordinator", password_hash="x", locale="en")
        user.memberships.append(Membership(programme_id=programme.id, role="coordinator"))
        db.session.add(user)
        db.session.commit()
        return programme.id, user.id


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", action="store_true", help="print the import's 25 costliest functions")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import create_engine, func, make_url, select, text

    from app import create_app
    from config import Config
    from imports.reading import read_table
    from imports.roster import run_import
    from models import Participant, Programme, User, db
    from tests.imports.fixtures import xlsx_bytes

    folder = tempfile.mkdtemp(prefix="roster-bench-")
    admin = scratch = None
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    if url.startswith("postgresql"):
        base = make_url(url)
        scratch = f"fm_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        url = base.set(database=scratch).render_as_string(hide_password=False)
    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": BENCH_SECRET_KEY})
    app = create_app(config)
    app.instance_path = folder
    try:
        with app.app_context():
            upgrade()
        programme_id, user_id = build(app)
        started = time.perf_counter()
        data = xlsx_bytes(count=args.rows)
        make_s = time.perf_counter() - started
        with app.test_request_context():
            programme, user = db.session.get(Programme, programme_id), db.session.get(User, user_id)
            started, cpu = time.perf_counter(), time.process_time()
            table = read_table(data, "bench.xlsx")
            read_s, read_cpu = time.perf_counter() - started, time.process_time() - cpu
            started = time.perf_counter()
            preview = run_import(db.session, user, programme, table)
            preview_s = time.perf_counter() - started
            assert not preview.blocked, (preview.problems, preview.error_rows[:3])
            programme, user = db.session.get(Programme, programme_id), db.session.get(User, user_id)
            profiler = None
            if args.profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started, cpu = time.perf_counter(), time.process_time()
            outcome = run_import(db.session, user, programme, table, commit=True)
            import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            stored = db.session.scalar(select(func.count()).select_from(Participant))
        figures = {
            "database": url.split(":")[0].split("+")[0],
            "rows": args.rows,
            "xlsx_bytes": len(data),
            "make_xlsx_seconds": round(make_s, 2),
            "read_xlsx_seconds": round(read_s, 2),
            "preview_seconds": round(preview_s, 2),
            "import_seconds": round(import_s, 2),
            "read_plus_import_seconds": round(read_s + import_s, 2),
            # CPU time of this process (the database server's own work not included): less
            # distorted than wall time on a machine shared by many processes
            "read_cpu_seconds": round(read_cpu, 2),
            "import_cpu_seconds": round(import_cpu, 2),
            "participants_per_second": round(args.rows / import_s, 1) if import_s else None,
            "created": outcome.count("created"),
            "stored": stored,
            "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    finally:
        if admin is not None:
            with app.app_context():
                db.engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
            admin.dispose()
    write_figures(f"roster_import_bench_{figures['database']}", figures)


if __name__ == "__main__":
    main()
