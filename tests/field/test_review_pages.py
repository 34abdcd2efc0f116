"""Coordinator pages: access, feed with filters, review (approve/flag) reaching the device, people pages."""
from datetime import date

import pytest
from sqlalchemy import select

from models import AuditLog, ChangeLog
from security.scope import changelog_filter, scope_for
from tests.factories import make_session
from tests.review_fixtures import (csrf_from, make_assessment, make_attendance, make_device, reviews_of,  # noqa: F401
                                   sign_in, w)


def feed_url(w, **args):
    from urllib.parse import urlencode

    return f"/review/{w.a.programme.id}/feed" + (f"?{urlencode(args)}" if args else "")


@pytest.fixture
def coord(client, w):
    return sign_in(client, "coord_a")


def test_pages_need_sign_in(client, w):
    response = client.get(feed_url(w))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("username, status", [("coord_b", 404), ("trainer_a", 403), ("mentor_a", 403)])
def test_only_the_programmes_coordinators_get_in(client, w, username, status):
    sign_in(client, username)
    for path in ("feed", "conflicts", "participants", "cohorts", "indicators", "exports",
                 f"participants/{w.a.participants[0].id}", f"cohorts/{w.a.cohort.id}",
                 f"records/attendance/{w.a.participants[0].id}"):
        assert client.get(f"/review/{w.a.programme.id}/{path}").status_code == status, path


def test_trainer_landing_says_pages_are_for_coordinators(client, w):
    sign_in(client, "trainer_a")
    response = client.get("/review")
    assert response.status_code == 403
    assert "for coordinators" in response.get_data(as_text=True)


def test_admin_reaches_every_programme_of_the_organisation(client, w):
    sign_in(client, "admin")
    assert client.get(feed_url(w)).status_code == 200
    assert client.get(f"/review/{w.b.programme.id}/feed").status_code == 200


def test_feed_shows_who_when_and_which_device(coord, w, db_session):
    device = make_device(w.a.trainer, "Samsung A14 (Emir)")
    make_attendance(w.a.session, w.a.participants[0], "late", by=w.a.trainer, device_id=device.device_id)
    db_session.commit()
    page = coord.get(feed_url(w)).get_data(as_text=True)
    assert "Samsung A14 (Emir)" in page
    assert "Trainer A" in page
    assert "A-001" in page and "late" in page
    assert "B-001" not in page  # the other programme's records stay out
    audit = db_session.scalars(select(AuditLog).where(AuditLog.entity == "review_feed")).all()
    assert audit and audit[-1].detail["count"] > 0


def test_feed_filters_by_cohort_site_person_recorder_kind_and_date(coord, w, db_session):
    make_attendance(w.a.session, w.a.participants[0], "present", by=w.a.trainer)
    db_session.commit()
    page = coord.get(feed_url(w, cohort=w.a.other_cohort.id)).get_data(as_text=True)
    assert "A-900" in page and "A-001" not in page
    page = coord.get(feed_url(w, participant=w.a.participants[0].id)).get_data(as_text=True)
    assert "A-001" in page and "A-002" not in page
    page = coord.get(feed_url(w, recorded_by=w.a.trainer.id, entity="attendance")).get_data(as_text=True)
    assert page.count('class="feed-item') == 1
    page = coord.get(feed_url(w, site=w.a.site.id, entity="participant")).get_data(as_text=True)
    assert page.count('class="feed-item') == 4
    page = coord.get(feed_url(w, **{"from": "2001-01-01", "to": "2001-01-02"})).get_data(as_text=True)
    assert "No synced records match" in page


@pytest.mark.parametrize("args, message", [
    ({"from": "2026-02-31"}, "Enter a date as YYYY-MM-DD."),
    ({"from": "2026-05-01", "to": "2026-04-01"}, "The start date is after the end date."),
    ({"cohort": "not-an-id"}, "This is not a valid identifier."),
    ({"entity": "user"}, "Choose a kind of record from the list."),
    ({"before": "soon"}, "This is not a valid page."),
])
def test_nonsense_filters_get_a_clear_message(coord, w, args, message):
    response = coord.get(feed_url(w, **args))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_ids_of_another_programme_are_refused(coord, w):
    response = coord.get(feed_url(w, cohort=w.b.cohort.id, participant=w.b.participants[0].id))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "No such cohort in this programme." in page and "No such participant in this programme." in page


def test_feed_pages_with_a_cursor(coord, w, db_session):
    for n in range(60):
        make_session(w.a.cohort, date(2026, 10, 1), topic=f"Topic {n:02d}")
    db_session.commit()
    first = coord.get(feed_url(w, entity="session")).get_data(as_text=True)
    assert first.count('class="feed-item') == 50
    import re

    before = re.search(r'before=(\d+)', first).group(1)
    second = coord.get(feed_url(w, entity="session", before=before)).get_data(as_text=True)
    assert second.count('class="feed-item') == 11  # 60 + the world's one session


def _review(client, w, record, entity, status, comment=""):
    path = f"/review/{w.a.programme.id}/records/{entity}/{record.id}"
    token = csrf_from(client.get(path).get_data(as_text=True))
    return client.post(path + "/review", data={"status": status, "comment": comment, "csrf_token": token})


def test_flag_reaches_the_recording_device_on_its_next_pull(coord, w, db_session, api):
    device = make_device(w.a.trainer, "Trainer phone")
    record = make_attendance(w.a.session, w.a.participants[0], "present", by=w.a.trainer, device_id=device.device_id)
    db_session.commit()
    response = _review(coord, w, record, "attendance", "flagged", "She was on sick leave that day - check.")
    assert response.status_code == 302
    db_session.rollback()
    [review] = reviews_of(record)
    assert (review.status, review.recorded_device_id, review.recorded_by_id) == (
        "flagged", device.device_id, w.a.trainer.id)
    assert review.version > record.version
    trainer_scope = scope_for(w.a.trainer)
    pulled = db_session.scalars(select(ChangeLog.record_id).where(
        changelog_filter(trainer_scope), ChangeLog.entity == "review")).all()
    assert pulled == [review.id]
    outsider = db_session.scalars(select(ChangeLog.record_id).where(
        changelog_filter(scope_for(w.b.trainer)), ChangeLog.entity == "review")).all()
    assert outsider == []
    note = api("trainer_a").get(f"/review/{review.id}").get_json()
    assert note["data"]["comment"] == "She was on sick leave that day - check."
    assert note["data"]["record_id"] == record.id and note["data"]["status"] == "flagged"
    page = coord.get(feed_url(w, state="flagged")).get_data(as_text=True)
    assert "She was on sick leave" in page and page.count('class="feed-item') == 1


def test_flag_needs_a_comment_and_approve_does_not(coord, w, db_session):
    record = make_attendance(w.a.session, w.a.participants[1], "absent")
    db_session.commit()
    response = _review(coord, w, record, "attendance", "flagged", "  ")
    assert response.status_code == 400
    assert "Say what should be checked or fixed." in response.get_data(as_text=True)
    assert reviews_of(record) == []
    assert _review(coord, w, record, "attendance", "approved").status_code == 302
    db_session.rollback()
    assert [r.status for r in reviews_of(record)] == ["approved"]
    assert coord.get(feed_url(w, state="unreviewed", entity="attendance")).get_data(as_text=True).count(
        'class="feed-item') == 0


def test_review_without_csrf_token_is_refused(coord, w, db_session):
    record = make_attendance(w.a.session, w.a.participants[1], "absent")
    db_session.commit()
    response = coord.post(f"/review/{w.a.programme.id}/records/attendance/{record.id}/review",
                          data={"status": "approved"})
    assert response.status_code == 400
    assert reviews_of(record) == []


def test_record_of_another_programme_is_not_found(coord, w):
    path = f"/review/{w.a.programme.id}/records/participant/{w.b.participants[0].id}"
    assert coord.get(path).status_code == 404
    assert coord.get(f"/review/{w.a.programme.id}/records/user/{w.a.trainer.id}").status_code == 404


def test_participant_profile_is_audited_and_shows_progress(coord, w, db_session):
    person = w.a.participants[0]
    make_attendance(w.a.session, person, "present")
    make_assessment(person, w.skills[0], 1, date(2026, 9, 10))
    make_assessment(person, w.skills[0], 3, date(2026, 11, 10))
    db_session.commit()
    response = coord.get(f"/review/{w.a.programme.id}/participants/{person.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "GivenA-001" in page and "Read a drawing" in page
    assert "<svg" in page and 'class="baseline"' in page
    assert "style=" not in page  # CSP: no inline styles
    reads = db_session.scalars(select(AuditLog).where(AuditLog.action == "read", AuditLog.record_id == person.id)).all()
    assert len(reads) == 1


def test_participant_list_searches_and_pages(coord, w):
    page = coord.get(f"/review/{w.a.programme.id}/participants?q=a-00").get_data(as_text=True)
    assert "A-001" in page and "A-900" not in page
    assert coord.get(f"/review/{w.a.programme.id}/participants?page=zero").status_code == 400
    assert "No participants match" in coord.get(f"/review/{w.a.programme.id}/participants?q=%25_").get_data(
        as_text=True)


def test_cohort_register_grid(coord, w, db_session):
    people = w.a.participants
    later = make_session(w.a.cohort, date(2026, 11, 9), topic="Measuring")
    make_attendance(w.a.session, people[0], "present")
    make_attendance(w.a.session, people[1], "absent")
    make_attendance(later, people[0], "late")
    db_session.commit()
    page = coord.get(f"/review/{w.a.programme.id}/cohorts/{w.a.cohort.id}").get_data(as_text=True)
    cell = '<td class="cell"><span class="status status-{}"'
    assert page.count(cell.format("present")) == 1
    assert page.count(cell.format("absent")) == 1
    assert page.count(cell.format("late")) == 1
    assert page.count(cell.format("none")) == 3  # 3 people × 2 sessions, 3 marked
    listing = coord.get(f"/review/{w.a.programme.id}/cohorts").get_data(as_text=True)
    assert "a1" in listing and "67%" in listing
