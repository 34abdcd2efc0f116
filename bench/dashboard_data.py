"""Bulk data for the dashboard benchmark: one programme with N participants and M attendance rows.

Rows go in by COPY on PostgreSQL and by executemany in one transaction on
SQLite; every synced row also gets its change-log row, as the feed reads it.
"""
import json
import random
import uuid
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text



PEOPLE_PER_COHORT = 20
TARGET_GROUPS = ["neet", "refugee", "returnee", "idp", "long_term_unemployed", "roma", "disability", "minority"]
NOW = datetime.now(timezone.utc)


def _id():
    return str(uuid.uuid4())


class Writer:
    """Bulk rows into a table, chunked, by the fastest plain means of each database."""

    def __init__(self, session):
        self.conn = session.connection()
        self.pg = self.conn.dialect.name == "postgresql"
        self.seq = 0

    def rows(self, table: str, columns: list[str], rows) -> int:
        raw = self.conn.connection.dbapi_connection
        count = 0
        if self.pg:
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
        cur, chunk = raw.cursor(), []
        for row in rows:
            chunk.append(tuple(_sqlite(v) for v in row))
            if len(chunk) == 20_000:
                cur.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        cur.executemany(sql, chunk)
        return count + len(chunk)

    def synced(self, table, entity, columns, rows, keys):
        """Rows of a synced table (SyncedMixin columns added) and their change-log rows."""
        log = []
        mixin = ["id", "version", "field_meta", "deleted", "created_at", "updated_at", "updated_by_id"]

        def full():
            for row in rows:
                self.seq += 1
                record_id, by = row[0], row[1]
                log.append((self.seq, entity, record_id, "upsert", *keys(row), NOW))
                yield (record_id, self.seq, "{}", False, NOW, NOW, by, *row[2:])

        count = self.rows(table, mixin + columns, full())
        self.rows("change_log", ["seq", "entity", "record_id", "op", "programme_id", "cohort_id", "participant_id",
                                 "at"], iter(log))
        return count


def _sqlite(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def generate(session, participants: int, attendance_rows: int, seed: int = 7) -> dict:
    """Fill an empty, migrated database; returns ids and counts."""
    rnd = random.Random(seed)
    w = Writer(session)
    org, occupation, programme = _id(), _id(), _id()
    w.rows("organisations", ["id", "name"], [(org, "Bench Organisation")])
    coordinator, trainers, mentors = _id(), [_id() for _ in range(200)], [_id() for _ in range(40)]
    users = [(coordinator, None, "coord", "Coordinator", False)]
    users += [(u, None, f"trainer{i}", f"Trainer {i}", False) for i, u in enumerate(trainers)]
    users += [(u, None, f"mentor{i}", f"Mentor {i}", i % 2 == 0) for i, u in enumerate(mentors)]
    w.synced("users", "user", ["username", "display_name", "password_hash", "locale", "active", "session_epoch",
                               "diaspora"],
             ((u, by, name, display, "x", "en", True, 0, diaspora) for u, by, name, display, diaspora in users),
             lambda r: (None, None, None))
    w.synced("occupations", "occupation", ["organisation_id", "code", "name", "labels"],
             [(occupation, None, org, "cnc", "CNC operator", "{}")], lambda r: (None, None, None))
    w.rows("rubric_levels", ["occupation_id", "level", "label", "description", "labels"],
           [(occupation, lv, f"Level {lv}", "", "{}") for lv in range(5)])
    skills = [_id() for _ in range(6)]
    w.synced("skills", "skill", ["occupation_id", "position", "code", "name", "labels"],
             [(s, None, occupation, i, f"s{i}", f"Skill {i}", "{}") for i, s in enumerate(skills)],
             lambda r: (None, None, None))
    targets = json.dumps({"participants": participants, "women": participants // 2, "jobs": participants // 5})
    w.synced("programmes", "programme", ["organisation_id", "code", "name", "donor", "default_locale", "targets",
                                         "competent_level"],
             [(programme, None, org, "bench", "Bench programme", "UNDP", "en", targets, 3)],
             lambda r: (r[0], None, None))
    w.rows("memberships", ["user_id", "programme_id", "role"],
           [(coordinator, programme, "coordinator")] + [(u, programme, "trainer") for u in trainers]
           + [(u, programme, "mentor") for u in mentors])
    sites = [_id() for _ in range(50)]
    w.synced("sites", "site", ["programme_id", "name", "city", "kind"],
             [(s, None, programme, f"Site {i}", "Ključ", "employer") for i, s in enumerate(sites)],
             lambda r: (programme, None, None))
    n_cohorts = max(1, participants // PEOPLE_PER_COHORT)
    cohorts = [_id() for _ in range(n_cohorts)]
    w.synced("cohorts", "cohort", ["programme_id", "site_id", "occupation_id", "code", "name", "starts_on"],
             [(c, None, programme, sites[i % 50], occupation, f"c{i:05d}", f"Cohort {i}", date(2026, 1, 5))
              for i, c in enumerate(cohorts)], lambda r: (programme, r[0], None))
    people = [(_id(), cohorts[i // PEOPLE_PER_COHORT if i // PEOPLE_PER_COHORT < n_cohorts else -1])
              for i in range(participants)]
    w.synced("participants", "participant",
             ["programme_id", "cohort_id", "code", "given_name", "family_name", "gender", "birth_year",
              "target_groups", "consent_on", "enrolled_on"],
             ((pid, trainers[n % 200], programme, cid, f"P{n:06d}", "Ana", f"Family {n}",
               rnd.choice(("female", "male", "female", "male", "other", "undisclosed")), rnd.randint(1980, 2009),
               json.dumps(rnd.sample(TARGET_GROUPS, rnd.randint(0, 2))), date(2026, 1, 5),
               date(2026, 1, 5) + timedelta(days=rnd.randint(0, 30))) for n, (pid, cid) in enumerate(people)),
             lambda r: (programme, r[3], r[0]))
    by_cohort = {}
    for pid, cid in people:
        by_cohort.setdefault(cid, []).append(pid)
    per_cohort = max(1, attendance_rows // max(participants, 1))  # sessions per cohort
    sessions = []
    for i, cid in enumerate(cohorts):
        for k in range(per_cohort):
            kind = "mentoring" if k % 5 == 4 else "training"
            sessions.append((_id(), (mentors if kind == "mentoring" else trainers)[i % 40], programme, cid,
                             date(2026, 1, 5) + timedelta(days=7 * k + i % 5), 240 if kind == "training" else 60,
                             kind, f"Topic {k}"))
    w.synced("sessions", "session", ["programme_id", "cohort_id", "date", "duration_minutes", "kind", "topic"],
             sessions, lambda r: (programme, r[3], None))
    statuses = ("present",) * 7 + ("late", "absent", "excused")
    marked = w.synced("attendance", "attendance",
                      ["programme_id", "cohort_id", "session_id", "participant_id", "status"],
                      ((_id(), s[1], programme, s[3], s[0], pid, rnd.choice(statuses))
                       for s in sessions for pid in by_cohort[s[3]]),
                      lambda r: (programme, r[3], r[5]))
    w.synced("assessments", "assessment",
             ["programme_id", "cohort_id", "participant_id", "skill_id", "level", "assessed_on"],
             ((_id(), None, programme, cid, pid, skills[k % 6], min(4, k // 2 + rnd.randint(0, 2)),
               date(2026, 2, 1) + timedelta(days=30 * (k // 2)))
              for n, (pid, cid) in enumerate(people) if n % 2 == 0 for k in range(4)),
             lambda r: (programme, r[3], r[4]))
    w.synced("outcomes", "outcome", ["programme_id", "cohort_id", "participant_id", "kind", "started_on",
                                     "contract", "verified", "employer_name"],
             ((_id(), None, programme, cid, pid, "employed", date(2026, 4, 1) + timedelta(days=rnd.randint(0, 90)),
               "permanent", rnd.random() < 0.6, "KOFIX") for n, (pid, cid) in enumerate(people) if n % 5 == 0),
             lambda r: (programme, r[3], r[4]))
    w.rows("device_tokens", ["id", "user_id", "device_id", "device_name", "token_hash", "created_at", "expires_at",
                             "last_sync_at"],
           ((_id(), u, _id(), f"Phone {i}", uuid.uuid4().hex * 2, NOW - timedelta(days=90),
             NOW + timedelta(days=90), NOW - timedelta(days=i % 30)) for i, u in enumerate(trainers)))
    w.rows("conflicts", ["kind", "entity", "record_id", "programme_id", "field", "kept_value", "other_value",
                         "created_at"],
           (("field", "session", s[0], programme, "topic", '"A"', '"B"', NOW) for s in sessions[:300]))
    if w.pg:
        session.execute(text("SELECT setval(pg_get_serial_sequence('change_log', 'seq'), :v)"), {"v": w.seq})
    session.commit()
    if w.pg:  # as autovacuum would have: statistics, visibility map and hint bits
        with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()
    return {"programme_id": programme, "coordinator_id": coordinator, "cohort_id": cohorts[0],
            "participant_id": people[0][0], "participants": participants, "attendance": marked,
            "sessions": len(sessions), "cohorts": n_cohorts, "change_log": w.seq}


