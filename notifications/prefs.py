"""Each user's switches: which rules reach them, after how many days "not synced" is said,
and the time zone their evening and their today are counted in."""
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from sqlalchemy import select

from models import NotificationPrefs, db

from .settings import setting

#: rule name → roles it can concern; every rule is on until the user turns it off
RULES = {
    "session_reminder": frozenset({"trainer", "mentor"}),
    "stale_device": frozenset({"trainer", "mentor", "coordinator", "admin"}),
    "goal_due": frozenset({"mentor"}),
    "review_queue": frozenset({"coordinator"}),
    "mentee_assessment": frozenset({"mentor"}),
}


def rules_for(user) -> list[str]:
    roles = {m.role for m in user.memberships}
    return [rule for rule, concerned in RULES.items() if roles & concerned]


def valid_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America" is a folder, a name too long…
        return False
    return True


class UserPrefs:
    """A user's stored switches with the deployment's defaults filled in."""

    def __init__(self, row: NotificationPrefs | None, config):
        self.row = row
        self._config = config

    def enabled(self, rule: str) -> bool:
        return bool((self.row.rules if self.row else {}).get(rule, True))

    @property
    def stale_sync_days(self) -> int:
        days = self.row.stale_sync_days if self.row else None
        return days or setting("PUSH_STALE_SYNC_DAYS", self._config)

    @property
    def time_zone(self) -> ZoneInfo:
        name = (self.row.time_zone if self.row else None) or setting("PUSH_TIMEZONE", self._config)
        return ZoneInfo(name) if valid_time_zone(name) else ZoneInfo("UTC")

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.time_zone)


def prefs_for(user_ids) -> dict:
    """user id → UserPrefs for many users in one query."""
    ids = list(user_ids)
    rows = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows.update({r.user_id: r for r in db.session.scalars(
            select(NotificationPrefs).where(NotificationPrefs.user_id.in_(chunk)))})
    config = current_app.config
    return {uid: UserPrefs(rows.get(uid), config) for uid in ids}


def prefs_json(user) -> dict:
    prefs = prefs_for([user.id])[user.id]
    return {
        "rules": {rule: prefs.enabled(rule) for rule in rules_for(user)},
        "stale_sync_days": prefs.stale_sync_days,
        "time_zone": prefs.time_zone.key,
    }


def update_prefs(user, data: dict) -> None:
    """Apply a validated partial update (NotificationPrefsSchema); the caller commits."""
    row = db.session.get(NotificationPrefs, user.id)
    if row is None:
        row = NotificationPrefs(user_id=user.id, rules={})
        db.session.add(row)
    if "rules" in data:
        row.rules = {**(row.rules or {}), **data["rules"]}
    for field in ("stale_sync_days", "time_zone"):
        if field in data:
            setattr(row, field, data[field])
