"""flask push send-due against a real push receiver on loopback: VAPID, encryption, TTL/urgency,
exactly once, 404/410, retries with backoff, the recipient's language."""
import json
from datetime import timedelta

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sqlalchemy import select

from models import PushDelivery, PushSubscription, db
from tests.factories import make_session
from tests.push_helpers import PUSH_TEST_CONFIG, evening, fresh, id_of, send_due, subscribe
from tests.push_receiver import PushReceiver


@pytest.fixture
def app(app_factory):
    return app_factory(**PUSH_TEST_CONFIG)


@pytest.fixture
def receiver(client):
    key = client.get("/api/v1/push/key").get_json()["public_key"]
    server = PushReceiver(key).start()
    yield server
    server.stop()


@pytest.fixture
def tomorrow_session(app, world):
    now = evening()
    with app.app_context():
        session = make_session(fresh(world.a.cohort), on=now.date() + timedelta(days=1), start_time="08:30",
                               topic="CNC: zero point and tool offsets")
        db.session.commit()
        return session.id


def deliveries(app, **where):
    with app.app_context():
        query = select(PushDelivery)
        for name, value in where.items():
            query = query.where(getattr(PushDelivery, name) == value)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def test_session_reminder_reaches_the_receiver_signed_and_encrypted(app, world, api, runner, receiver,
                                                                    tomorrow_session):
    trainer = api("trainer_a")
    sub = subscribe(trainer, receiver, "trainer")
    output = send_due(runner, evening())
    assert "sent 1" in output
    [got] = receiver.to("trainer")
    assert got.vapid_error is None, got.vapid_error
    assert got.claims["aud"] == receiver.origin
    assert got.decrypt_error is None, got.decrypt_error
    assert got.headers["content-encoding"] == "aes128gcm"
    assert got.headers["ttl"] == str(12 * 3600)
    assert got.headers["urgency"] == "normal"
    payload = got.payload
    assert payload["type"] == "session_reminder"
    assert payload["title"] == "Tomorrow: Training"
    assert payload["body"] == "08:30 · CNC: zero point and tool offsets · Cohort A1"
    assert payload["url"] == f"/#/session/{tomorrow_session}"
    assert payload["ids"] == {"session_id": tomorrow_session}
    assert payload["lang"] == "en"
    # encrypted for this subscription's keys: another browser's keys cannot open it
    assert b"CNC" not in got.body
    with pytest.raises(Exception):
        receiver.subscription("someone-else").decrypt(got.body)
    assert sub.decrypt(got.body).decode() == json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def test_each_notification_is_sent_exactly_once(app, world, api, runner, receiver, tomorrow_session):
    subscribe(api("trainer_a"), receiver, "trainer")
    for minutes in (0, 15, 30):
        send_due(runner, evening() + timedelta(minutes=minutes))
    assert len(receiver.to("trainer")) == 1
    [row] = deliveries(app, rule="session_reminder")
    assert (row.subject_id, row.state, row.attempts) == (tomorrow_session, "sent", 1)
    assert row.sent_at is not None


def test_no_reminder_before_the_evening(app, world, api, runner, receiver, tomorrow_session):
    subscribe(api("trainer_a"), receiver, "trainer")
    send_due(runner, evening(hour=11))
    assert receiver.received == []
    send_due(runner, evening(hour=17))
    assert len(receiver.to("trainer")) == 1


def test_every_device_of_the_user_gets_it_once(app, world, api, runner, receiver, tomorrow_session):
    subscribe(api("trainer_a"), receiver, "phone")
    subscribe(api("trainer_a"), receiver, "tablet")
    send_due(runner, evening())
    send_due(runner, evening() + timedelta(minutes=5))
    assert len(receiver.to("phone")) == len(receiver.to("tablet")) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_gone_subscription_is_deleted(app, world, api, runner, receiver, tomorrow_session, status):
    trainer = api("trainer_a")
    subscribe(trainer, receiver, "trainer")
    receiver.script("trainer", status)
    output = send_due(runner, evening())
    assert "subscriptions gone 1" in output
    assert len(receiver.to("trainer")) == 1  # never retried
    with app.app_context():
        assert db.session.scalars(select(PushSubscription)).all() == []
    [row] = deliveries(app, rule="session_reminder")
    assert row.state == "cancelled"
    assert trainer.get("/push/subscriptions").get_json() == {"subscribed": False}


def test_transient_errors_are_retried_with_backoff_within_the_run(app, world, api, runner, receiver,
                                                                  tomorrow_session):
    subscribe(api("trainer_a"), receiver, "trainer")
    receiver.script("trainer", 503, (429, {"Retry-After": "0"}), 201)
    send_due(runner, evening())
    assert [r.status for r in receiver.to("trainer")] == [503, 429, 201]
    [row] = deliveries(app, rule="session_reminder")
    assert row.state == "sent"


def test_still_failing_is_left_for_a_later_run_then_sent(app, world, api, runner, receiver, tomorrow_session):
    subscribe(api("trainer_a"), receiver, "trainer")
    receiver.script("trainer", 500, 502, 503)
    now = evening()
    output = send_due(runner, now)
    assert "to retry 1" in output
    [row] = deliveries(app, rule="session_reminder")
    assert row.state == "retry" and row.attempts == 1
    assert row.next_attempt_at is not None and "503" in row.last_error
    send_due(runner, now + timedelta(minutes=5))  # too early: backoff holds it back
    assert len(receiver.to("trainer")) == 3
    send_due(runner, now + timedelta(minutes=11))
    assert [r.status for r in receiver.to("trainer")] == [500, 502, 503, 201]
    [row] = deliveries(app, rule="session_reminder")
    assert row.state == "sent" and row.attempts == 2


def test_unreachable_push_service_never_crashes_the_run(app, world, api, runner, receiver, tomorrow_session):
    broken = api("trainer_a")
    sub = receiver.subscription("dead")
    sub.endpoint = "http://127.0.0.1:9/push/dead"  # discard port: connection refused
    assert broken.post("/push/subscriptions", json=sub.to_json()).status_code == 201
    with app.app_context():  # a second trainer of the cohort, whose push service works
        from models import CohortStaff, Membership

        db.session.add(Membership(user_id=id_of(world.b.trainer), programme_id=id_of(world.a.programme),
                                  role="trainer"))
        db.session.add(CohortStaff(cohort_id=id_of(world.a.cohort), user_id=id_of(world.b.trainer), role="trainer"))
        db.session.commit()
    subscribe(api("trainer_b"), receiver, "working")
    output = send_due(runner, evening())
    assert "sent 1, to retry 1" in output
    assert len(receiver.to("working")) == 1
    retry = [r for r in deliveries(app, rule="session_reminder") if r.state == "retry"]
    assert len(retry) == 1 and "ConnectionError" in retry[0].last_error


def test_a_crashed_run_is_finished_without_repeating_what_was_sent(app, world, api, runner, receiver,
                                                                   tomorrow_session):
    subscribe(api("trainer_a"), receiver, "phone")
    subscribe(api("trainer_a"), receiver, "tablet")
    now = evening()
    with app.app_context():
        from notifications.dispatch import record_due

        record_due(now)
        phone = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint.like("%/phone")))
        row = db.session.scalar(select(PushDelivery))
        # a run claimed it, reached the phone, then died before finishing
        row.state, row.lease_until, row.sent_to = "sending", now + timedelta(minutes=15), [phone.id]
        db.session.commit()
    send_due(runner, now + timedelta(minutes=5))  # the dead run's claim still holds
    assert receiver.received == []
    send_due(runner, now + timedelta(minutes=16))
    assert len(receiver.to("tablet")) == 1 and receiver.to("phone") == []
    [row] = deliveries(app, rule="session_reminder")
    assert row.state == "sent"


def test_a_claim_is_taken_by_one_run_only(app, world, api, receiver, tomorrow_session):
    subscribe(api("trainer_a"), receiver, "trainer")
    now = evening()
    with app.app_context():
        from notifications.dispatch import _claim, record_due

        assert record_due(now) == (1, 1)
        assert record_due(now) == (1, 0)
        delivery_id = db.session.scalar(select(PushDelivery.id))
        assert _claim(delivery_id, now) is True
        assert _claim(delivery_id, now) is False


def test_payload_carries_ids_not_names(app, world, api, runner, receiver):
    now = evening(hour=9)
    with app.app_context():
        goal = fresh(world.a.goal)
        goal.due_on = now.date()
        db.session.commit()
    subscribe(api("mentor_a"), receiver, "mentor")
    send_due(runner, now)
    [got] = receiver.to("mentor")
    text = json.dumps(got.payload)
    assert got.payload["type"] == "goal_due"
    assert got.payload["title"] == "Mentoring goal due today"
    assert got.payload["body"] == "A-900: Find a workplace"
    assert got.payload["ids"] == {"goal_id": id_of(world.a.goal), "participant_id": id_of(world.a.outsider)}
    with app.app_context():
        outsider = fresh(world.a.outsider)
        assert outsider.given_name not in text and outsider.family_name not in text


@pytest.fixture
def german_catalog(tmp_path, app):
    """A German catalog made for this test (the project's own translations are not this test's to write)."""
    catalog = Catalog(locale="de")
    for msgid, msgstr in {"Tomorrow": "Morgen", "%(when)s: %(kind)s": "%(when)s: %(kind)s",
                          "Training": "Schulung", "Mentoring goal due on %(date)s": "Mentoring-Ziel fällig am %(date)s",
                          "%(code)s: %(goal)s": "%(code)s: %(goal)s"}.items():
        catalog.add(msgid, msgstr)
    folder = tmp_path / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    from extensions import babel

    def forget_loaded_catalogs():  # the Babel object is shared by every app in this process
        with app.app_context():
            babel.domain_instance.cache.clear()

    forget_loaded_catalogs()
    yield str(tmp_path / "translations")
    forget_loaded_catalogs()


def test_message_is_in_the_recipients_language(app_factory, german_catalog, world, runner, receiver,
                                               tomorrow_session):
    german = app_factory(**PUSH_TEST_CONFIG, BABEL_TRANSLATION_DIRECTORIES=german_catalog, PUSH_GOAL_DUE_DAYS_AHEAD=2)
    due_on = evening().date() + timedelta(days=2)
    client = german.test_client()
    with german.app_context():
        fresh(world.a.trainer).locale = "de"
        fresh(world.a.mentor).locale = "de"
        fresh(world.a.goal).due_on = due_on
        db.session.commit()
    from tests.conftest import PASSWORD, ApiClient

    devices = {}
    for username in ("trainer_a", "mentor_a"):
        token = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD,
                                                        "device_id": f"00000000-0000-4000-8000-00000000000{len(devices)}"})
        devices[username] = ApiClient(client, token.get_json()["token"])
        subscribe(devices[username], receiver, username)
    result = german.test_cli_runner().invoke(args=["push", "send-due", "--now", evening().isoformat()])
    assert result.exit_code == 0, result.output
    [trainer] = receiver.to("trainer_a")
    assert (trainer.payload["title"], trainer.payload["lang"]) == ("Morgen: Schulung", "de")
    [mentor] = receiver.to("mentor_a")
    from babel.dates import format_date

    assert mentor.payload["title"] == f"Mentoring-Ziel fällig am {format_date(due_on, 'medium', locale='de')}"
    assert mentor.payload["lang"] == "de"
    assert "." in mentor.payload["title"]  # German date order: 27.11.2026


def test_each_push_service_gets_a_token_for_its_own_origin(app, world, api, runner, receiver, client,
                                                           tomorrow_session):
    """pywebpush writes aud/exp into the claims dict it is given: a shared dict would carry the
    first service's aud to the second, which would then refuse the push."""
    key = client.get("/api/v1/push/key").get_json()["public_key"]
    second = PushReceiver(key).start()
    try:
        subscribe(api("trainer_a"), receiver, "phone")
        subscribe(api("trainer_a"), second, "laptop")
        send_due(runner, evening())
        [first_got], [second_got] = receiver.to("phone"), second.to("laptop")
        assert first_got.vapid_error is None and second_got.vapid_error is None, second_got.vapid_error
        assert first_got.claims["aud"] != second_got.claims["aud"] == second.origin
    finally:
        second.stop()


def test_a_retry_that_falls_in_the_night_waits_for_the_morning(app, world, api, runner, receiver,
                                                               tomorrow_session):
    subscribe(api("trainer_a"), receiver, "trainer")
    receiver.script("trainer", 503, 503, 503)
    late = evening(hour=20) + timedelta(minutes=55)
    send_due(runner, late)
    [row] = deliveries(app, rule="session_reminder")
    assert row.state == "retry"
    output = send_due(runner, late + timedelta(minutes=20))  # 21:15: retry due, but it is night
    assert "held till morning 1" in output
    assert len(receiver.to("trainer")) == 3
    [row] = deliveries(app, rule="session_reminder")
    assert row.next_attempt_at.replace(tzinfo=None) == (evening(days_from_today=1, hour=8)).replace(tzinfo=None)
    send_due(runner, evening(days_from_today=1, hour=8))
    assert [r.status for r in receiver.to("trainer")] == [503, 503, 503, 201]
    assert receiver.to("trainer")[-1].payload["title"] == "Today: Training"
