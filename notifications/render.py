"""What a notification says, in the recipient's language (force_locale(user.locale)).

A payload carries the text the notification shows and ids the app needs to open
the right screen (it reads the rest from its offline store), never names or
other personal data beyond the shown text: participants appear by their
pseudonymous code.
"""
from datetime import timedelta

from flask_babel import force_locale, format_date, gettext as _, lazy_gettext as _l, ngettext

from config import RTL_LANGUAGES
from models import Assessment, DeviceToken, MentoringGoal, Participant, Programme, Skill, TrainingSession, db

from .settings import setting
from .subscriptions import aware

KIND_LABELS = {
    "training": _l("Training"),
    "on_the_job": _l("On-the-job training"),
    "mentoring": _l("Mentoring"),
    "remote_mentoring": _l("Remote mentoring"),
    "assessment": _l("Assessment"),
    "other": _l("Session"),
}


def _label(labels: dict, locale: str, fallback: str) -> str:
    return (labels or {}).get(locale) or (labels or {}).get(locale.split("_")[0]) or fallback


def _screen(path: str) -> str:
    return f"{setting('PUSH_APP_PATH')}#/{path}"


def _session(delivery, locale, today):
    session = db.session.get(TrainingSession, delivery.subject_id)
    if session is None or session.deleted or session.date != delivery.day:
        return None
    kind = str(KIND_LABELS.get(session.kind, KIND_LABELS["other"]))
    if session.date == today + timedelta(days=1):
        when = _("Tomorrow")
    elif session.date == today:  # a reminder held back by quiet hours or retries
        when = _("Today")
    else:
        when = format_date(session.date, "medium")
    title = _("%(when)s: %(kind)s", when=when, kind=kind)
    cohort = session.cohort.name if session.cohort else ""
    if session.start_time:
        body = _("%(time)s · %(topic)s · %(cohort)s", time=session.start_time, topic=session.topic, cohort=cohort)
    else:
        body = _("%(topic)s · %(cohort)s", topic=session.topic, cohort=cohort)
    return title, body, _screen(f"session/{session.id}"), {"session_id": session.id}


def _stale_device(delivery, locale, today):
    device = db.session.get(DeviceToken, delivery.subject_id)
    if device is None or device.revoked_at is not None:
        return None
    if device.last_sync_at is not None and aware(device.last_sync_at).date() != delivery.day:
        return None  # it synced since this was found due
    days = int(delivery.detail.get("days", 0))
    title = ngettext("Not synced for %(num)d day", "Not synced for %(num)d days", days)
    body = _("Records on this phone have not reached the server yet. Open Field Mentor when you have a "
             "connection.")
    return title, body, _screen("sync"), {}


def _goal(delivery, locale, today):
    goal = db.session.get(MentoringGoal, delivery.subject_id)
    if goal is None or goal.deleted or goal.status not in ("open", "in_progress") or goal.due_on != delivery.day:
        return None
    if goal.due_on == today:
        title = _("Mentoring goal due today")
    elif goal.due_on == today + timedelta(days=1):
        title = _("Mentoring goal due tomorrow")
    else:
        title = _("Mentoring goal due on %(date)s", date=format_date(goal.due_on, "medium"))
    participant = db.session.get(Participant, goal.participant_id)
    body = _("%(code)s: %(goal)s", code=participant.code if participant else "", goal=goal.title)
    return title, body, _screen(f"goal/{goal.id}"), {"goal_id": goal.id, "participant_id": goal.participant_id}


def _review_queue(delivery, locale, today):
    programme = db.session.get(Programme, delivery.subject_id)
    if programme is None:
        return None
    conflicts, flags = int(delivery.detail.get("conflicts", 0)), int(delivery.detail.get("flags", 0))
    parts = []
    if conflicts:
        parts.append(ngettext("%(num)d new conflict to resolve", "%(num)d new conflicts to resolve", conflicts))
    if flags:
        parts.append(ngettext("%(num)d new flagged record", "%(num)d new flagged records", flags))
    title = _("Waiting for review: %(programme)s", programme=programme.name)
    return title, _(", ").join(parts), setting("PUSH_REVIEW_PATH"), {"programme_id": programme.id}


def _mentee_assessment(delivery, locale, today):
    participant = db.session.get(Participant, delivery.subject_id)
    assessment = db.session.get(Assessment, delivery.detail.get("assessment_id"))
    if participant is None or participant.deleted or assessment is None or assessment.deleted:
        return None
    count = int(delivery.detail.get("count", 1))
    title = ngettext("%(num)d new assessment for %(code)s", "%(num)d new assessments for %(code)s", count,
                     code=participant.code)
    skill = db.session.get(Skill, assessment.skill_id)
    levels = {r.level: r for r in skill.occupation.rubric} if skill else {}
    level = levels.get(assessment.level)
    body = _("%(skill)s: level %(level)d (%(label)s)",
             skill=_label(skill.labels, locale, skill.name) if skill else "",
             level=assessment.level, label=_label(level.labels, locale, level.label) if level else "")
    if count > 1:
        body = _("Latest: %(detail)s", detail=body)
    return title, body, _screen(f"mentee/{participant.id}"), {
        "participant_id": participant.id, "assessment_id": assessment.id}


RENDERERS = {
    "session_reminder": _session,
    "stale_device": _stale_device,
    "goal_due": _goal,
    "review_queue": _review_queue,
    "mentee_assessment": _mentee_assessment,
}


def render(delivery, user, today) -> dict | None:
    """The payload for ``delivery`` in ``user``'s language, or None when it is no longer true."""
    locale = user.locale or "en"
    with force_locale(locale):
        made = RENDERERS[delivery.rule](delivery, locale, today)
        if made is None:
            return None
        title, body, url, ids = made
        return {
            "v": 1,
            "type": "sync" if delivery.rule == "stale_device" else delivery.rule,
            "title": str(title),
            "body": str(body),
            "tag": f"{delivery.rule}:{delivery.subject_id}",
            "url": url,
            "lang": locale,
            "dir": "rtl" if locale.split("_")[0] in RTL_LANGUAGES else "ltr",
            "ids": ids,
        }
