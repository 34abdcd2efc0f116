"""Resolving sync conflicts: the value becomes a new change; two coordinators cannot both resolve."""
import threading

import pytest
from sqlalchemy import select

from models import AuditLog, ChangeLog, Conflict, Membership, db
from security.scope import changelog_filter, scope_for
from tests.factories import make_session
from tests.review_fixtures import csrf_from, make_attendance, make_conflict, sign_in, w  # noqa: F401


@pytest.fixture
def conflict_world(w, db_session):
    record = make_attendance(w.a.session, w.a.participants[0], "present", by=w.a.trainer)
    conflict = make_conflict(record, "status", "present", "absent", kept_by=w.a.trainer, other_by=w.a.mentor)
    # a later change by someone else, so the record is not the newest entry of the change log
    make_session(w.a.cohort, topic="A later session")
    db_session.commit()
    return record, conflict


def _resolve(client, w, conflict, **data):
    page = client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True)
    data["csrf_token"] = csrf_from(page)
    return client.post(f"/review/{w.a.programme.id}/conflicts/{conflict.id}/resolve", data=data)


def test_queue_shows_both_values_who_and_when(client, w, conflict_world):
    sign_in(client, "coord_a")
    page = client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True)
    assert "On the server now" in page and "The other value" in page
    assert ">present<" in page and ">absent<" in page
    assert "Trainer A" in page and "Mentor A" in page
    assert "11/20/26" in page  # the HLC times, formatted for the reader


@pytest.mark.parametrize("choice, typed, expected", [("kept", "", "present"), ("other", "", "absent"),
                                                     ("new", "excused", "excused")])
def test_resolution_is_written_as_a_new_change(client, w, conflict_world, db_session, choice, typed, expected):
    record, conflict = conflict_world
    before = record.version
    sign_in(client, "coord_a")
    response = _resolve(client, w, conflict, choice=choice, value=typed)
    assert response.status_code == 302
    db_session.rollback()
    assert record.status == expected
    assert record.version > before
    hlc, version, user_id = record.field_meta["status"]
    assert hlc.endswith("_0000_server") and version == record.version and user_id == w.a.coordinator.id
    assert conflict.resolved_at is not None and conflict.resolved_by_id == w.a.coordinator.id
    assert conflict.resolution["value"] == expected
    # the trainer's device pulls the new value like any other change
    pulled = db_session.scalars(select(ChangeLog.seq).where(
        changelog_filter(scope_for(w.a.trainer)), ChangeLog.record_id == record.id)).all()
    assert pulled == [record.version]
    assert db_session.scalars(select(AuditLog.action).where(AuditLog.action == "resolve_conflict")).all()


def test_resolving_twice_changes_nothing_the_second_time(client, w, conflict_world, db_session, app):
    record, conflict = conflict_world
    sign_in(client, "coord_a")
    assert _resolve(client, w, conflict, choice="other").status_code == 302
    db_session.rollback()
    version = record.version
    second = app.test_client()
    with app.app_context():  # its own g and session: the test's app context would share them
        sign_in(second, "admin")
        response = _resolve(second, w, conflict, choice="new", value="excused")
    assert response.status_code == 409
    assert "already resolved by Coord A" in response.get_data(as_text=True)
    db_session.rollback()
    assert (record.status, record.version) == ("absent", version)
    assert conflict.resolved_by_id == w.a.coordinator.id


def test_two_coordinators_at_once_only_one_wins(app, w, conflict_world, db_session):
    from api.sync.resolution import AlreadyResolved, resolve

    record, conflict = conflict_world
    db_session.add(Membership(user_id=w.b.coordinator.id, programme_id=w.a.programme.id, role="coordinator"))
    db_session.commit()
    barrier, outcomes = threading.Barrier(2, timeout=60), []
    conflict_id = conflict.id  # read here: the test's objects belong to this thread's session

    def attempt(user_id, choice):
        with app.app_context():
            from models import User

            user = db.session.get(User, user_id)
            mine = db.session.get(Conflict, conflict_id)
            barrier.wait()
            try:
                resolve(db.session, mine, user, choice)
                db.session.commit()
                outcomes.append(("won", choice))
            except AlreadyResolved:
                outcomes.append(("lost", choice))
            finally:
                db.session.remove()

    coordinators = (w.a.coordinator.id, w.b.coordinator.id)
    threads = [threading.Thread(target=attempt, args=(coordinators[0], "kept"), daemon=True),
               threading.Thread(target=attempt, args=(coordinators[1], "other"), daemon=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o for o, _c in outcomes) == ["lost", "won"]
    winner = next(c for o, c in outcomes if o == "won")
    db_session.rollback()
    assert record.status == {"kept": "present", "other": "absent"}[winner]
    assert conflict.resolution["choice"] == winner
    assert db_session.scalar(select(ChangeLog.seq).where(ChangeLog.record_id == record.id)) == record.version


@pytest.mark.parametrize("typed, message", [("maybe", "Must be one of: present, late, absent, excused."),
                                            ("", "Write the new value.")])
def test_a_new_value_is_checked_before_anything_changes(client, w, conflict_world, db_session, typed, message):
    record, conflict = conflict_world
    version = record.version
    sign_in(client, "coord_a")
    response = _resolve(client, w, conflict, choice="new", value=typed)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db_session.rollback()
    assert (record.status, record.version, conflict.resolved_at) == ("present", version, None)


def test_conflict_of_another_programme_is_not_found(client, w, conflict_world):
    _record, conflict = conflict_world
    sign_in(client, "coord_b")
    page = client.get(f"/review/{w.b.programme.id}/conflicts")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(f"/review/{w.b.programme.id}/conflicts/{conflict.id}/resolve",
                           data={"choice": "other", "csrf_token": token})
    assert response.status_code == 404


def test_a_change_to_a_deleted_record_is_acknowledged_and_stays_deleted(client, w, db_session):
    record = make_attendance(w.a.session, w.a.participants[2], "present", deleted=True)
    conflict = Conflict(kind="deleted", entity="attendance", record_id=record.id, programme_id=w.a.programme.id,
                        other_value={"status": "late"}, other_by_id=w.a.trainer.id)
    db_session.add(conflict)
    db_session.commit()
    version = record.version
    sign_in(client, "coord_a")
    assert "Keep deleted" in client.get(f"/review/{w.a.programme.id}/conflicts").get_data(as_text=True)
    assert _resolve(client, w, conflict, choice="kept").status_code == 302
    db_session.rollback()
    assert record.deleted and record.version == version and conflict.resolved_at is not None


def test_nonsense_conflict_filters(client, w):
    sign_in(client, "coord_a")
    response = client.get(f"/review/{w.a.programme.id}/conflicts?state=maybe&page=-1")
    assert response.status_code == 400
    assert client.get(f"/review/{w.a.programme.id}/conflicts/abc/resolve").status_code in (404, 405)
