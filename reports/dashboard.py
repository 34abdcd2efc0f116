"""Every number of the indicators dashboard for one programme, in one call."""
from datetime import datetime, timezone

from . import attendance, indicators, quality
from .period import Period
from .targets import against_targets


def target_numbers(session, period: Period, start, end) -> dict:
    """The numbers targets read, over a target's own period (ages counted as the dashboard counts them)."""
    own = Period(period.programme_id, start, end, period.reference)
    return {"enrolment": indicators.enrolment(session, own), "outcomes": indicators.outcomes(session, own),
            "hours": indicators.hours(session, own)}


def dashboard(session, programme, period: Period, now: datetime | None = None,
              stale_days: int = quality.DEFAULT_STALE_DAYS) -> dict:
    now = now or datetime.now(timezone.utc)
    rolled = attendance.rollup(session, period, now.date())  # one pass: rates, hours, silent sessions
    numbers = {
        "enrolment": indicators.enrolment(session, period),
        "hours": indicators.hours(session, period, rolled),
        "skills": indicators.skills(session, period, programme.competent_level),
        "outcomes": indicators.outcomes(session, period),
        "weekly_attendance": attendance.weekly(session, period, rolled=rolled),
        "quality": {
            "sessions_without_attendance": quality.sessions_without_attendance(session, period, now.date(),
                                                                               rolled=rolled),
            "stale_devices": quality.stale_devices(session, programme.id, now, stale_days),
            "open_conflicts": quality.open_conflicts(session, programme.id),
            "flagged_records": quality.flagged_records(session, programme.id),
        },
    }
    numbers["targets"] = against_targets(programme.targets, numbers,
                                         lambda start, end: target_numbers(session, period, start, end))
    return numbers
