"""Which notifications are due now. One function per rule; each returns ``Due`` items for users
who have a live subscription, the rule switched on, and the local hour to receive it."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, select

from models import (Assessment, Conflict, DeviceToken, Membership, MentoringGoal, PushDelivery,
                    PushSubscription, Review, TrainingSession, CohortStaff, db)

from .prefs import prefs_for
from .settings import setting
from .subscriptions import aware, subscribed_users

MENTORING_KINDS = ("mentoring", "remote_mentoring")


@dataclass(frozen=True)
class Due:
    rule: str
    subject_id: str
    recipient_id: str
    day: date
    device_token_id: str | None = None
    detail: dict = field(default_factory=dict, compare=False, hash=False)


class Context:
    """What every rule needs: the time, who can be reached, and their switches and clocks."""

    def __init__(self, now: datetime):
        self.now = now
        self.user_ids = set(db.session.scalars(subscribed_users(now).distinct()))
        self.prefs = prefs_for(self.user_ids)
        self.floor = now - timedelta(hours=setting("PUSH_LOOKBACK_HOURS"))

    def local(self, user_id) -> datetime:
        return self.prefs[user_id].local(self.now)

    def today(self, user_id) -> date:
        return self.local(user_id).date()

    def wants(self, user_id, rule: str, from_hour: int | None = None) -> bool:
        if user_id not in self.prefs or not self.prefs[user_id].enabled(rule):
            return False
        start, end = setting("PUSH_DAY_HOURS")
        hour = self.local(user_id).hour
        return max(start, from_hour or 0) <= hour < end

    def last_sent(self, rule: str) -> dict:
        """(subject, recipient) → (newest delivery's created_at, its day) within the look-back."""
        rows = db.session.execute(
            select(PushDelivery.subject_id, PushDelivery.recipient_id, func.max(PushDelivery.created_at),
                   func.max(PushDelivery.day))
            .where(PushDelivery.rule == rule, PushDelivery.created_at > self.floor)
            .group_by(PushDelivery.subject_id, PushDelivery.recipient_id))
        return {(s, r): (aware(at), day) for s, r, at, day in rows}


def _staff_membership(user_col, programme_col, role_col):
    return and_(Membership.user_id == user_col, Membership.programme_id == programme_col, Membership.role == role_col)


def session_reminders(ctx: Context) -> list[Due]:
    """The evening before: trainers of the cohort; its mentors for mentoring sessions."""
    rule = "session_reminder"
    users = {u for u in ctx.user_ids if ctx.wants(u, rule, from_hour=setting("PUSH_EVENING_HOUR"))}
    if not users:
        return []
    tomorrows = sorted({ctx.today(u) + timedelta(days=1) for u in users})
    rows = db.session.execute(
        select(TrainingSession.id, TrainingSession.date, TrainingSession.kind, CohortStaff.user_id, CohortStaff.role)
        .join(CohortStaff, CohortStaff.cohort_id == TrainingSession.cohort_id)
        .join(Membership, _staff_membership(CohortStaff.user_id, TrainingSession.programme_id, CohortStaff.role))
        .where(TrainingSession.deleted.is_(False), TrainingSession.date.in_(tomorrows),
               CohortStaff.user_id.in_(subscribed_users(ctx.now))))
    due = []
    for session_id, on, kind, user_id, role in rows:
        if user_id not in users or on != ctx.today(user_id) + timedelta(days=1):
            continue
        if role == "mentor" and kind not in MENTORING_KINDS:
            continue
        due.append(Due(rule, session_id, user_id, on))
    return due


def stale_devices(ctx: Context) -> list[Due]:
    """A phone that has not synced for N days hears it (once per silent spell) and tries to sync."""
    rule = "stale_device"
    rows = db.session.execute(
        select(DeviceToken.id, DeviceToken.user_id, DeviceToken.last_sync_at, DeviceToken.created_at)
        .join(PushSubscription, PushSubscription.device_token_id == DeviceToken.id)
        .where(DeviceToken.revoked_at.is_(None), DeviceToken.expires_at > ctx.now))
    due = []
    for token_id, user_id, last_sync, created in rows:
        if not ctx.wants(user_id, rule):
            continue
        since = aware(last_sync or created)
        days = (ctx.now - since).days
        if days >= ctx.prefs[user_id].stale_sync_days:
            # keyed by the day of the last sync: one reminder per silent spell, not one a day
            due.append(Due(rule, token_id, user_id, since.date(), device_token_id=token_id,
                           detail={"days": days}))
    return due


def goals_due(ctx: Context) -> list[Due]:
    """A mentor's open goals due today or within PUSH_GOAL_DUE_DAYS_AHEAD days."""
    rule = "goal_due"
    users = {u for u in ctx.user_ids if ctx.wants(u, rule)}
    if not users:
        return []
    ahead = timedelta(days=setting("PUSH_GOAL_DUE_DAYS_AHEAD"))
    todays = [ctx.today(u) for u in users]
    rows = db.session.execute(
        select(MentoringGoal.id, MentoringGoal.mentor_id, MentoringGoal.due_on)
        .join(Membership, _staff_membership(MentoringGoal.mentor_id, MentoringGoal.programme_id, "mentor"))
        .where(MentoringGoal.deleted.is_(False), MentoringGoal.status.in_(("open", "in_progress")),
               MentoringGoal.due_on >= min(todays), MentoringGoal.due_on <= max(todays) + ahead,
               MentoringGoal.mentor_id.in_(subscribed_users(ctx.now))))
    return [Due(rule, goal_id, mentor_id, due_on) for goal_id, mentor_id, due_on in rows
            if mentor_id in users and ctx.today(mentor_id) <= due_on <= ctx.today(mentor_id) + ahead]


def review_queue(ctx: Context) -> list[Due]:
    """A coordinator's daily word on conflicts and flags that arrived since the last one."""
    rule = "review_queue"
    pairs = [(u, p) for u, p in db.session.execute(
        select(Membership.user_id, Membership.programme_id)
        .where(Membership.role == "coordinator", Membership.user_id.in_(subscribed_users(ctx.now))))
        if ctx.wants(u, rule)]
    if not pairs:
        return []
    programmes = sorted({p for _u, p in pairs})
    conflicts = db.session.execute(
        select(Conflict.programme_id, Conflict.created_at)
        .where(Conflict.resolved_at.is_(None), Conflict.created_at > ctx.floor,
               Conflict.programme_id.in_(programmes))).all()
    flags = db.session.execute(
        select(Review.programme_id, Review.created_at, Review.reviewer_id)
        .where(Review.status == "flagged", Review.created_at > ctx.floor, Review.programme_id.in_(programmes))).all()
    last = ctx.last_sent(rule)
    due = []
    for user_id, programme_id in pairs:
        since, last_day = last.get((programme_id, user_id), (ctx.floor, None))
        today = ctx.today(user_id)
        if last_day == today:
            continue
        n_conflicts = sum(1 for p, at in conflicts if p == programme_id and aware(at) > since)
        n_flags = sum(1 for p, at, by in flags if p == programme_id and aware(at) > since and by != user_id)
        if n_conflicts or n_flags:
            due.append(Due(rule, programme_id, user_id, today, detail={"conflicts": n_conflicts, "flags": n_flags}))
    return due


def mentee_assessments(ctx: Context) -> list[Due]:
    """A mentor hears of assessments of their mentees made by others since the last word."""
    rule = "mentee_assessment"
    rows = db.session.execute(
        select(MentoringGoal.mentor_id, Assessment.participant_id, Assessment.id, Assessment.created_at,
               Assessment.assessor_id)
        .join(MentoringGoal, MentoringGoal.participant_id == Assessment.participant_id)
        .join(Membership, _staff_membership(MentoringGoal.mentor_id, MentoringGoal.programme_id, "mentor"))
        .where(MentoringGoal.deleted.is_(False), Assessment.deleted.is_(False), Assessment.created_at > ctx.floor,
               MentoringGoal.mentor_id.in_(subscribed_users(ctx.now)))
        .distinct())
    fresh = defaultdict(dict)
    for mentor_id, participant_id, assessment_id, created, assessor_id in rows:
        if assessor_id != mentor_id and ctx.wants(mentor_id, rule):
            fresh[(mentor_id, participant_id)][assessment_id] = aware(created)
    last = ctx.last_sent(rule)
    due = []
    for (mentor_id, participant_id), made in fresh.items():
        since, last_day = last.get((participant_id, mentor_id), (ctx.floor, None))
        today = ctx.today(mentor_id)
        new = {a: at for a, at in made.items() if at > since}
        if new and last_day != today:
            latest = max(new, key=lambda a: (new[a], a))
            due.append(Due(rule, participant_id, mentor_id, today,
                           detail={"count": len(new), "assessment_id": latest}))
    return due


RULE_FINDERS = {
    "session_reminder": session_reminders,
    "stale_device": stale_devices,
    "goal_due": goals_due,
    "review_queue": review_queue,
    "mentee_assessment": mentee_assessments,
}


def find_due(now: datetime) -> list[Due]:
    """Everything due now; a rule that fails is logged and the others still run."""
    ctx = Context(now)
    if not ctx.user_ids:
        return []
    found = []
    for rule, finder in RULE_FINDERS.items():
        try:
            found.extend(finder(ctx))
        except Exception:  # noqa: BLE001 — one broken rule must not silence the others
            db.session.rollback()
            current_app.logger.exception("push rule %s failed", rule)
    return found
