"""Fixtures and makers for the coordinator pages, reports and exports tests.

``w`` builds tests.factories' world inside the test's own database session, so
its objects stay attached (the ``world`` fixture's are detached once built).
"""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from models import (Assessment, Attendance, Conflict, DeviceToken, Outcome, Review, attendance_id, db)
from tests.conftest import PASSWORD
from tests.factories import add, build_world


@pytest.fixture
def w(db_session, password_hash):
    return build_world(password_hash)


def hlc(moment: datetime, device: str = "dev") -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z") + f"_0000_{device}"


def make_attendance(session, participant, status="present", minutes=None, by=None, device_id=None, **fields):
    return add(Attendance(id=attendance_id(session.id, participant.id), programme_id=session.programme_id,
                          cohort_id=session.cohort_id, session_id=session.id, participant_id=participant.id,
                          status=status, minutes=minutes, updated_by_id=getattr(by, "id", None),
                          updated_device_id=device_id, **fields))


def make_assessment(participant, skill, level, on, by=None):
    return add(Assessment(programme_id=participant.programme_id, cohort_id=participant.cohort_id,
                          participant_id=participant.id, skill_id=skill.id, level=level, assessed_on=on,
                          assessor_id=getattr(by, "id", None)))


def make_outcome(participant, kind="employed", started_on=date(2026, 12, 1), verified=False, **fields):
    values = dict(contract="permanent", employer_name="KOFIX d.o.o.")
    values.update(fields)
    return add(Outcome(programme_id=participant.programme_id, cohort_id=participant.cohort_id,
                       participant_id=participant.id, kind=kind, started_on=started_on, verified=verified,
                       **values))


def make_device(user, name="Phone", last_sync_days=None, revoked=False, device_id=None, now=None):
    import secrets
    import uuid

    now = now or datetime.now(timezone.utc)
    token = DeviceToken(user_id=user.id, device_id=device_id or str(uuid.uuid4()), device_name=name,
                        token_hash=secrets.token_hex(32), created_at=now - timedelta(days=60),
                        expires_at=now + timedelta(days=120),
                        last_sync_at=None if last_sync_days is None else now - timedelta(days=last_sync_days),
                        revoked_at=now if revoked else None)
    db.session.add(token)
    db.session.flush()
    return token


def make_conflict(record, field, kept, other, kept_by=None, other_by=None, device_id=None,
                  kept_at=None, other_at=None):
    kept_at = kept_at or datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    other_at = other_at or datetime(2026, 11, 20, 8, 59, tzinfo=timezone.utc)
    conflict = Conflict(kind="field", entity=record.entity, record_id=record.id,
                        programme_id=record.scope_keys()["programme_id"], field=field,
                        kept_value=kept, kept_hlc=hlc(kept_at, "dev-kept"), kept_by_id=getattr(kept_by, "id", None),
                        other_value=other, other_hlc=hlc(other_at, "dev-other"),
                        other_by_id=getattr(other_by, "id", None), device_id=device_id)
    db.session.add(conflict)
    db.session.flush()
    return conflict


def reviews_of(record):
    return db.session.scalars(select(Review).where(Review.record_id == record.id).order_by(Review.version)).all()


def sign_in(client, username, password=PASSWORD):
    """Cookie sign-in through the real form (CSRF token read from the page)."""
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def csrf_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
