"""Data for the sync benchmark: a programme to push into, and bulk rows to grow the server to 1M."""
import uuid
from datetime import date, timedelta

from sqlalchemy import text

from api.sync.changes import record_change
from models import (Cohort, CohortStaff, Membership, Occupation, Organisation, Participant, Programme,
                    RubricLevel, TrainingSession, User, db)
from security.passwords import hash_password

PASSWORD = "bench-password-1"


def _add(record):
    db.session.add(record)
    db.session.flush()
    record_change(db.session, record)
    return record


def seed(participants: int, sessions: int) -> dict:
    """One programme and cohort, a trainer and coordinator, participants and sessions (as a server has)."""
    org = Organisation(name="Bench Organisation")
    db.session.add(org)
    db.session.flush()
    occupation = _add(Occupation(organisation_id=org.id, code="cnc", name="CNC operator"))
    for level in range(5):
        occupation.rubric.append(RubricLevel(level=level, label=f"Level {level}"))
    programme = _add(Programme(organisation_id=org.id, code="bench", name="Bench programme"))
    cohort = _add(Cohort(programme_id=programme.id, occupation_id=occupation.id, code="c1", name="Cohort 1"))
    password_hash = hash_password(PASSWORD)
    users = {}
    for username, role in (("bench_trainer", "trainer"), ("bench_coord", "coordinator"),
                           ("bench_other", "trainer")):
        user = User(username=username, display_name=username, password_hash=password_hash)
        user.memberships.append(Membership(programme_id=programme.id, role=role))
        users[username] = _add(user)
    for username in ("bench_trainer", "bench_other"):
        cohort.staff.append(CohortStaff(user_id=users[username].id, role="trainer"))
    people = [_add(Participant(programme_id=programme.id, cohort_id=cohort.id, code=f"P{i:05d}", given_name="Ana",
                               family_name=f"Family {i}", gender="female", birth_year=1998,
                               target_groups=["neet"], consent_on=date(2026, 9, 1), enrolled_on=date(2026, 9, 1)))
              for i in range(participants)]
    days = [_add(TrainingSession(programme_id=programme.id, cohort_id=cohort.id, date=date(2026, 1, 1)
                                 + timedelta(days=i % 300), duration_minutes=240, kind="training",
                                 topic=f"Session {i}")) for i in range(sessions)]
    db.session.commit()
    return {"programme": programme.id, "cohort": cohort.id, "participants": [p.id for p in people],
            "sessions": [s.id for s in days]}


def count_records() -> int:
    """Synced records on the server (rows of the change log other than ``moved``)."""
    return db.session.scalar(text("SELECT COUNT(*) FROM change_log WHERE op <> 'moved'"))


def grow(target_records: int, programme_id: str, cohort_id: str, batch: int = 100_000) -> int:
    """Bulk-insert attendance rows (and their change-log rows) until the server holds ``target_records``.

    Plain SQL, as a data migration would: 1000 sessions × 1000 participants per block.
    """
    have = count_records()
    dialect = db.engine.dialect.name
    while have < target_records:
        n_people = n_sessions = min(1000, int((target_records - have) ** 0.5) + 1)
        people = [str(uuid.uuid4()) for _ in range(n_people)]
        db.session.execute(text(
            "INSERT INTO participants (id, version, field_meta, deleted, created_at, updated_at, programme_id,"
            " cohort_id, code, given_name, family_name, gender, birth_year, target_groups, consent_on, enrolled_on)"
            " VALUES (:id, 0, '{}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :prog, :cohort, :code, 'Bulk',"
            " 'Person', 'male', 1990, '[]', '2026-01-01', '2026-01-01')"),
            [{"id": p, "prog": programme_id, "cohort": cohort_id, "code": p[:30]} for p in people])
        sessions = [str(uuid.uuid4()) for _ in range(n_sessions)]
        db.session.execute(text(
            "INSERT INTO sessions (id, version, field_meta, deleted, created_at, updated_at, programme_id,"
            " cohort_id, date, duration_minutes, kind, topic) VALUES (:id, 0, '{}', false, CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP, :prog, :cohort, '2026-02-01', 60, 'training', 'Bulk')"),
            [{"id": s, "prog": programme_id, "cohort": cohort_id} for s in sessions])
        db.session.commit()
        take = min(batch, target_records - have, n_people * n_sessions)
        pairs = [(s, p) for s in sessions for p in people][:take]
        for start in range(0, len(pairs), batch):
            chunk = pairs[start:start + batch]
            db.session.execute(text(
                "INSERT INTO attendance (id, version, field_meta, deleted, created_at, updated_at, programme_id,"
                " cohort_id, session_id, participant_id, status) VALUES (:id, 0, '{}', false, CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP, :prog, :cohort, :s, :p, 'present')"),
                [{"id": str(uuid.uuid4()), "prog": programme_id, "cohort": cohort_id, "s": s, "p": p}
                 for s, p in chunk])
            top = db.session.scalar(text("SELECT COALESCE(MAX(seq), 0) FROM change_log"))
            db.session.execute(text(
                "INSERT INTO change_log (seq, entity, record_id, op, programme_id, cohort_id, participant_id, at)"
                " SELECT :top + ROW_NUMBER() OVER (ORDER BY id), 'attendance', id, 'upsert', programme_id,"
                " cohort_id, participant_id, CURRENT_TIMESTAMP FROM attendance WHERE version = 0"),
                {"top": top})
            db.session.execute(text(
                "UPDATE attendance SET version = (SELECT seq FROM change_log c WHERE c.record_id = attendance.id"
                " AND c.entity = 'attendance') WHERE version = 0"))
            if dialect == "postgresql":
                db.session.execute(text("SELECT setval(pg_get_serial_sequence('change_log', 'seq'),"
                                        " (SELECT MAX(seq) FROM change_log))"))
            db.session.commit()
            have += len(chunk)
    if dialect == "sqlite":  # as after any bulk load: fold the WAL back into the database file
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
    return have
