"""Which notifications are due: each rule, its switch, the user's clock and quiet hours."""
import dataclasses
from datetime import timedelta

import pytest

from models import Assessment, Conflict, DeviceToken, PushDelivery, Review, db
from tests.factories import add, make_session
from tests.push_helpers import evening, fresh, id_of
from tests.push_receiver import BrowserSubscription

FCM = "https://fcm.googleapis.com/fcm/send/"


@pytest.fixture
def subscribed(world, api):
    """Sign users in on a phone each and subscribe it; returns username → ApiClient."""
    devices = {}

    def subscribe(*usernames):
        for name in usernames:
            devices[name] = api(name)
            body = BrowserSubscription(FCM + name).to_json()
            assert devices[name].post("/push/subscriptions", json=body).status_code == 201
        return devices

    return subscribe


def due(app, now, rule=None):
    with app.app_context():
        from notifications.rules import find_due

        found = find_due(now)
    return [d for d in found if rule is None or d.rule == rule]


def test_session_reminder_for_the_cohorts_trainers_the_evening_before(app, world, subscribed):
    subscribed("trainer_a", "trainer_b", "mentor_a")
    now = evening()
    with app.app_context():
        cohort = fresh(world.a.cohort)
        training = make_session(cohort, on=now.date() + timedelta(days=1))
        make_session(cohort, on=now.date() + timedelta(days=2))  # not tomorrow
        gone = make_session(cohort, on=now.date() + timedelta(days=1))
        gone.deleted = True
        db.session.commit()
        training_id = training.id
    found = due(app, now, "session_reminder")
    assert [(d.subject_id, d.recipient_id, d.day) for d in found] == [
        (training_id, id_of(world.a.trainer), now.date() + timedelta(days=1))]


def test_mentors_of_the_cohort_hear_of_mentoring_sessions_only(app, world, subscribed):
    subscribed("mentor_a")
    now = evening()
    with app.app_context():
        from models import CohortStaff

        cohort = fresh(world.a.cohort)
        cohort.staff.append(CohortStaff(user_id=id_of(world.a.mentor), role="mentor"))
        make_session(cohort, on=now.date() + timedelta(days=1))
        remote = make_session(cohort, on=now.date() + timedelta(days=1), kind="remote_mentoring")
        db.session.commit()
        remote_id = remote.id
    assert [d.subject_id for d in due(app, now, "session_reminder")] == [remote_id]


def test_the_users_own_evening_and_quiet_night(app, world, subscribed):
    devices = subscribed("trainer_a")
    devices["trainer_a"].patch("/push/prefs", json={"time_zone": "Asia/Tokyo"})
    morning_utc = evening(hour=9)  # 18:00 in Tokyo
    with app.app_context():
        session = make_session(fresh(world.a.cohort), on=morning_utc.date() + timedelta(days=1))
        db.session.commit()
        session_id = session.id
    assert [d.subject_id for d in due(app, morning_utc, "session_reminder")] == [session_id]
    assert due(app, evening(hour=13), "session_reminder") == []  # 22:00 in Tokyo: too late to wake anyone


def test_switched_off_rule_is_not_due(app, world, subscribed):
    devices = subscribed("trainer_a")
    now = evening()
    with app.app_context():
        make_session(fresh(world.a.cohort), on=now.date() + timedelta(days=1))
        db.session.commit()
    assert len(due(app, now, "session_reminder")) == 1
    devices["trainer_a"].patch("/push/prefs", json={"rules": {"session_reminder": False}})
    assert due(app, now, "session_reminder") == []


def test_nobody_without_a_subscription(app, world, api):
    api("trainer_a")
    now = evening()
    with app.app_context():
        make_session(fresh(world.a.cohort), on=now.date() + timedelta(days=1))
        db.session.commit()
    assert due(app, now) == []


def _last_sync(app, days_ago, now):
    with app.app_context():
        for token in db.session.scalars(db.select(DeviceToken)):
            token.last_sync_at = now - timedelta(days=days_ago, hours=1)
        db.session.commit()


def test_phone_not_synced_for_three_days_once_per_silent_spell(app, world, subscribed):
    subscribed("trainer_a")
    now = evening(hour=10)
    _last_sync(app, 2, now)
    assert due(app, now, "stale_device") == []
    _last_sync(app, 3, now)
    [found] = due(app, now, "stale_device")
    assert found.detail == {"days": 3}
    assert found.device_token_id == found.subject_id
    assert found.day == (now - timedelta(days=3, hours=1)).date()
    # a day later the same silent spell has the same key: recorded once, not once a day
    assert due(app, now + timedelta(days=1), "stale_device")[0].day == found.day


def test_stale_days_are_the_users_choice(app, world, subscribed):
    devices = subscribed("mentor_a")
    devices["mentor_a"].patch("/push/prefs", json={"stale_sync_days": 5})
    now = evening(hour=10)
    _last_sync(app, 4, now)
    assert due(app, now, "stale_device") == []
    _last_sync(app, 5, now)
    assert len(due(app, now, "stale_device")) == 1


@pytest.mark.parametrize("days, status, expected", [
    (0, "open", True), (1, "in_progress", True), (2, "open", False), (0, "done", False), (-1, "open", False),
])
def test_mentoring_goal_due(app, world, subscribed, days, status, expected):
    subscribed("mentor_a", "mentor_b")
    now = evening(hour=9)
    with app.app_context():
        goal = fresh(world.a.goal)
        goal.due_on, goal.status = now.date() + timedelta(days=days), status
        fresh(world.b.goal).due_on = now.date() + timedelta(days=30)
        db.session.commit()
    found = [(d.subject_id, d.recipient_id) for d in due(app, now, "goal_due")]
    assert found == ([(id_of(world.a.goal), id_of(world.a.mentor))] if expected else [])


def _conflict(programme_id, at):
    db.session.add(Conflict(entity="attendance", record_id="0" * 36, programme_id=programme_id, field="status",
                            kept_value="present", other_value="absent", created_at=at))


def test_coordinator_hears_of_new_conflicts_and_flags_once_a_day(app, world, subscribed):
    subscribed("coord_a", "coord_b")
    now = evening(hour=9)
    programme = id_of(world.a.programme)
    with app.app_context():
        _conflict(programme, now - timedelta(hours=3))
        _conflict(programme, now - timedelta(hours=2))
        db.session.add(Review(record_entity="session", record_id="1" * 36, programme_id=programme, status="flagged",
                              reviewer_id=id_of(world.admin), created_at=now - timedelta(hours=1)))
        db.session.add(Review(record_entity="session", record_id="2" * 36, programme_id=programme, status="flagged",
                              reviewer_id=id_of(world.a.coordinator), created_at=now - timedelta(hours=1)))
        db.session.commit()
    [found] = due(app, now, "review_queue")
    assert (found.subject_id, found.recipient_id) == (programme, id_of(world.a.coordinator))
    assert found.detail == {"conflicts": 2, "flags": 1}  # not the coordinator's own flag
    with app.app_context():
        from notifications.dispatch import record_due

        record_due(now)
        assert due(app, now + timedelta(hours=2), "review_queue") == []  # today's word was given
        tomorrow = now + timedelta(days=1)
        assert due(app, tomorrow, "review_queue") == []  # nothing new since
        _conflict(programme, tomorrow - timedelta(hours=1))
        db.session.commit()
    [next_day] = due(app, tomorrow, "review_queue")
    assert next_day.detail == {"conflicts": 1, "flags": 0}


def test_mentor_hears_of_a_mentees_new_assessments_by_others(app, world, subscribed):
    subscribed("mentor_a")
    now = evening(hour=10)
    mentee, skills = id_of(world.a.outsider), [id_of(s) for s in world.skills]
    with app.app_context():
        common = dict(programme_id=id_of(world.a.programme), cohort_id=id_of(world.a.other_cohort),
                      participant_id=mentee, assessed_on=now.date())
        add(Assessment(skill_id=skills[0], level=2, assessor_id=id_of(world.a.trainer), **common))
        add(Assessment(skill_id=skills[1], level=3, assessor_id=id_of(world.a.trainer), **common))
        add(Assessment(skill_id=skills[2], level=1, assessor_id=id_of(world.a.mentor), **common))
        add(Assessment(skill_id=skills[0], level=4, assessor_id=id_of(world.a.trainer),
                       **{**common, "participant_id": id_of(world.a.participants[0])}))  # not a mentee
        db.session.commit()
    [found] = due(app, now, "mentee_assessment")
    assert (found.subject_id, found.recipient_id, found.detail["count"]) == (mentee, id_of(world.a.mentor), 2)


def test_a_notification_no_longer_true_is_cancelled_not_sent(app, world, subscribed):
    subscribed("trainer_a")
    now = evening()
    with app.app_context():
        session = make_session(fresh(world.a.cohort), on=now.date() + timedelta(days=1))
        db.session.commit()
        from notifications.dispatch import record_due, send_due

        assert record_due(now) == (1, 1)
        session.deleted = True
        db.session.commit()
        summary = send_due(now)
        assert (summary.sent, summary.cancelled) == (0, 1)
        assert db.session.scalar(db.select(PushDelivery.last_error)) == "no longer due"


def test_mentee_assessment_title_carries_the_count_in_singular_and_plural(app, world, subscribed):
    """Languages with one plural form use the singular msgid, so it must carry %(num)d too."""
    subscribed("mentor_a")
    now = evening(hour=10)
    mentee, skills = id_of(world.a.outsider), [id_of(s) for s in world.skills]
    with app.app_context():
        common = dict(programme_id=id_of(world.a.programme), cohort_id=id_of(world.a.other_cohort),
                      participant_id=mentee, assessed_on=now.date(), assessor_id=id_of(world.a.trainer))
        add(Assessment(skill_id=skills[0], level=2, **common))
        db.session.commit()
    [one] = due(app, now, "mentee_assessment")
    with app.app_context():
        from notifications.render import render

        mentor, code = fresh(world.a.mentor), fresh(world.a.outsider).code
        assert render(one, mentor, now.date())["title"] == f"1 new assessment for {code}"
        three = dataclasses.replace(one, detail={**one.detail, "count": 3})
        assert render(three, mentor, now.date())["title"] == f"3 new assessments for {code}"
