"""Scope matrix of the trade and cohort set-up pages: page/action × admin, coordinator of A or B, trainer, mentor.

Refused: 403 (a role without set-up) or 404 (another programme, or a record of
another programme under one's own); nothing changed.
"""
import pytest
from sqlalchemy import func, select

from api.sync.server_write import server_write
from models import AuditLog, ChangeLog, db
from tests.review_fixtures import csrf_from, sign_in, w  # noqa: F401

USERS = ["admin", "coord_a", "coord_b", "trainer_a", "mentor_a"]


@pytest.fixture
def own(w, db_session):
    """A's own trade and B's own trade (copies made by their coordinators)."""
    made = {}
    for key in ("a", "b"):
        side = getattr(w, key)
        made[key] = server_write(db.session, side.coordinator, "occupation", None, {
            "organisation_id": w.org.id, "programme_id": side.programme.id, "code": f"cnc.{key}",
            "name": f"CNC ({key})", "rubric": w.occupation.rubric_levels}).id
    db_session.commit()
    return made


def _actions(w, own):
    a, pa = w.a, f"/admin/programmes/{w.a.programme.id}"
    cohort = {"code": "a9", "name": "New", "occupation_id": w.occupation.id, "trainer_ids": [a.trainer.id]}
    return [
        # (name, method, url, data, allowed for: "admin"/"coordinator of A")
        ("programme trades", "GET", f"{pa}/trades", None),
        ("shared trade in A", "GET", f"{pa}/trades/{w.occupation.id}", None),
        ("A's own trade", "GET", f"{pa}/trades/{own['a']}", None),
        ("create A's trade", "POST", f"{pa}/trades", {"code": "weld.a", "name": "Welder", "levels": "0\n1\n2"}),
        ("copy into A", "POST", f"{pa}/trades/{w.occupation.id}/copy", {"code": "copy.a", "name": "Copy"}),
        ("save A's trade", "POST", f"{pa}/trades/{own['a']}", {"code": "cnc.a", "name": "Renamed",
                                                              "level.0.label": "L0", "level.1.label": "L1"}),
        ("labels of A's trade", "POST", f"{pa}/trades/{own['a']}/labels", {f"occupation.{own['a']}.de": "X"}),
        ("cohorts", "GET", f"{pa}/cohorts", None),
        ("cohort", "GET", f"{pa}/cohorts/{a.cohort.id}", None),
        ("create cohort", "POST", f"{pa}/cohorts", cohort),
        ("save cohort", "POST", f"{pa}/cohorts/{a.cohort.id}", {**cohort, "code": "a1", "capacity": "9"}),
        ("close cohort", "POST", f"{pa}/cohorts/{a.cohort.id}/close", {}),
    ]


def _organisation_actions(w):
    return [
        ("shared trades", "GET", "/admin/trades", None),
        ("create shared trade", "POST", "/admin/trades", {"code": "weld", "name": "Welder", "levels": "0\n1\n2"}),
        ("shared trade", "GET", f"/admin/trades/{w.occupation.id}", None),
        ("save shared trade", "POST", f"/admin/trades/{w.occupation.id}", {
            "code": "cnc", "name": "Renamed", **{f"level.{n}.label": f"L{n}" for n in range(5)}}),
        ("labels of shared trade", "POST", f"/admin/trades/{w.occupation.id}/labels",
         {f"occupation.{w.occupation.id}.de": "X"}),
    ]


def _written(db_session):
    db_session.rollback()
    return (db_session.scalar(select(func.count()).select_from(ChangeLog)),
            db_session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity.isnot(None))),
            db_session.scalar(select(func.max(ChangeLog.seq))))


def _call(client, method, url, data):
    if method == "GET":
        return client.get(url)
    token = csrf_from(client.get("/devices").get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token})


@pytest.mark.parametrize("user", USERS)
def test_programme_pages_and_actions(client, w, own, db_session, user):
    sign_in(client, user)
    expected = {"admin": None, "coord_a": None, "coord_b": 404, "trainer_a": 403, "mentor_a": 403}[user]
    for name, method, url, data in _actions(w, own):
        before = _written(db_session)
        response = _call(client, method, url, data)
        if expected is None:
            assert response.status_code in (200, 302), (name, response.status_code,
                                                        response.get_data(as_text=True)[-2000:])
        else:
            assert response.status_code == expected, (name, response.status_code)
            assert _written(db_session) == before, name


@pytest.mark.parametrize("user", USERS)
def test_organisation_pages_and_actions(client, w, own, db_session, user):
    sign_in(client, user)
    for name, method, url, data in _organisation_actions(w):
        before = _written(db_session)
        response = _call(client, method, url, data)
        if user == "admin":
            assert response.status_code in (200, 302), (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)
            assert _written(db_session) == before, name


@pytest.mark.parametrize("user", ["admin", "coord_a"])
def test_a_record_of_another_programme_under_ones_own_is_not_found(client, w, own, db_session, user):
    sign_in(client, user)
    pa = f"/admin/programmes/{w.a.programme.id}"
    before = _written(db_session)
    for method, url, data in [
        ("GET", f"{pa}/trades/{own['b']}", None),
        ("POST", f"{pa}/trades/{own['b']}", {"code": "cnc.b", "name": "Taken over"}),
        ("POST", f"{pa}/trades/{own['b']}/labels", {f"occupation.{own['b']}.de": "X"}),
        ("POST", f"{pa}/trades/{own['b']}/copy", {"code": "stolen"}),
        ("GET", f"{pa}/cohorts/{w.b.cohort.id}", None),
        ("POST", f"{pa}/cohorts/{w.b.cohort.id}", {"code": "b1", "name": "Taken over"}),
        ("POST", f"{pa}/cohorts/{w.b.cohort.id}/close", {}),
    ]:
        assert _call(client, method, url, data).status_code == 404, url
    assert _written(db_session) == before
    # the admin edits B's own trade on B's page, never through A's; coordinator A not at all
    response = _call(client, "GET", f"/admin/programmes/{w.b.programme.id}/trades/{own['b']}", None)
    assert response.status_code == (200 if user == "admin" else 404)
