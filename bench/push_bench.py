"""Push benchmark: `send-due` for N subscribed trainers against a push service on loopback.

    python bench/push_bench.py [--users 500] [--database-url URL]

Makes N trainers of one cohort, each with a device and a subscription on a loopback push
receiver (which verifies every VAPID token), and a session tomorrow, then times one
send-due run at 18:00 (N reminders: find due, record, render, encrypt, sign, POST) and a
second run (nothing new: the cost of asking the rules with N subscribers). Prints figures and
writes bench/results/push_bench_<database>.json and .txt. Never pass/fail. The receiver runs in the same
process, so its work shares the interpreter with the sender: real push services are slower
to answer and faster to verify.
"""
import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, time as clock, timedelta, timezone

BENCH_SECRET_KEY = "field-mentor-bench-only-secret-key-0123456789"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.report import write_figures  # noqa: E402


def build(app, users: int, receiver):
    from api.sync.changes import record_change
    from models import (Cohort, CohortStaff, Membership, Occupation, Organisation, Programme, PushSubscription,
                        TrainingSession, User, db)
    from security.tokens import issue_token

    with app.app_context():
        org = Organisation(name="Bench")
        db.session.add(org)
        db.session.flush()
        occupation = Occupation(organisation_id=org.id, code="bench", name="Bench trade")
        programme = Programme(organisation_id=org.id, code="bench", name="Bench programme")
        db.session.add_all([occupation, programme])
        db.session.flush()
        cohort = Cohort(programme_id=programme.id, occupation_id=occupation.id, code="b1", name="Bench cohort")
        db.session.add(cohort)
        db.session.flush()
        tomorrow = datetime.now(timezone.utc).date() + timedelta(days=1)
        session = TrainingSession(programme_id=programme.id, cohort_id=cohort.id, date=tomorrow,
                                  start_time="08:00", duration_minutes=240, kind="training", topic="Bench topic")
        db.session.add(session)
        db.session.flush()
        record_change(db.session, session)
        for i in range(users):
            user = User(username=f"bench{i}", display_name=f"Bench {i}", password_hash="x", locale="en")
            user.memberships.append(Membership(programme_id=programme.id, role="trainer"))
            db.session.add(user)
            db.session.flush()
            cohort.staff.append(CohortStaff(user_id=user.id, role="trainer"))
            _token, device = issue_token(user, f"00000000-0000-4000-8000-{i:012d}", "bench", 180)
            db.session.flush()
            sub = receiver.subscription(f"u{i}").to_json()
            db.session.add(PushSubscription(user_id=user.id, device_token_id=device.id, endpoint=sub["endpoint"],
                                            p256dh=sub["keys"]["p256dh"], auth=sub["keys"]["auth"]))
        db.session.commit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from config import Config
    from notifications.dispatch import send_due
    from tests.push_receiver import PushReceiver

    folder = tempfile.mkdtemp(prefix="push-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": BENCH_SECRET_KEY,
                                              "PUSH_ENDPOINT_HOSTS": ("127.0.0.1",), "PUSH_ALLOW_HTTP_ENDPOINTS": True})
    app = create_app(config)
    app.instance_path = folder
    with app.app_context():
        upgrade()
        from notifications.vapid import load_keys

        receiver = PushReceiver(load_keys(app).public_key).start()
    receiver.subscriptions.clear()  # verify VAPID, skip decrypting: the receiver stays light
    build(app, args.users, receiver)
    receiver.subscriptions.clear()
    now = datetime.combine(date.today(), clock(18, 0), tzinfo=timezone.utc)
    with app.app_context():
        started = time.perf_counter()
        first = send_due(now)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = send_due(now + timedelta(minutes=15))
        second_s = time.perf_counter() - started
    receiver.stop()
    bad = [r for r in receiver.received if r.vapid_error]
    sizes = sorted(len(r.body) for r in receiver.received)
    figures = {
        "database": url.split(":")[0],
        "users": args.users,
        "first_run_seconds": round(first_s, 3),
        "first_run_sent": first.sent,
        "notifications_per_second": round(first.sent / first_s, 1) if first_s else None,
        "second_run_seconds": round(second_s, 3),
        "second_run_sent": second.sent,
        "requests_received": len(receiver.received),
        "vapid_failures": len(bad),
        "encrypted_body_bytes_median": sizes[len(sizes) // 2] if sizes else None,
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_figures(f"push_bench_{figures['database'].split('+')[0]}", figures)


if __name__ == "__main__":
    main()
