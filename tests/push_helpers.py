"""Shared arrangements for the push tests: config for a loopback push service, a fixed 'now'."""
from datetime import datetime, time, timedelta, timezone

#: the app accepts http endpoints on loopback, where the test's push receiver listens
PUSH_TEST_CONFIG = dict(PUSH_ENDPOINT_HOSTS=("127.0.0.1",), PUSH_ALLOW_HTTP_ENDPOINTS=True,
                        PUSH_RETRY_BASE_SECONDS=0.01, PUSH_TIMEZONE="UTC")


def evening(days_from_today: int = 0, hour: int = 18) -> datetime:
    """Today's (UTC) given hour: near the real clock, so device tokens made now are live and fresh."""
    day = datetime.now(timezone.utc).date() + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.utc)


def subscribe(device, receiver, name):
    """The device posts a browser-made subscription whose endpoint is on the receiver."""
    sub = receiver.subscription(name)
    response = device.post("/push/subscriptions", json=sub.to_json())
    assert response.status_code == 201, response.get_json()
    return sub


def send_due(runner, now):
    result = runner.invoke(args=["push", "send-due", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def id_of(record) -> str:
    """The id of a record from the ``world`` fixture (detached: its attributes are expired)."""
    from sqlalchemy import inspect

    return inspect(record).identity[0]


def fresh(record):
    """The same record loaded in the current app context's session."""
    from models import db

    return db.session.get(type(record), id_of(record))
