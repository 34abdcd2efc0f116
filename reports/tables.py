"""The indicator tables donors receive, small cells suppressed (reports/suppression.py)."""

from . import attendance, indicators, quality, suppression
from .dashboard import target_numbers
from .period import Period
from .targets import against_targets

#: the targets whose reached value is a count of people (suppressed when small)
PEOPLE_TARGETS = frozenset({"participants", "women", "youth", "people_with_job", "neet", "refugee", "returnee",
                            "idp", "long_term_unemployed", "roma", "disability", "minority"})


def _round(value, digits=4):
    return round(value, digits) if isinstance(value, float) else value


def enrolment_table(session, period: Period, numbers=None):
    numbers = numbers or indicators.enrolment(session, period)
    rows = [("total", "participants", suppression.total(numbers["total"])),
            ("total", "attended_at_least_once", suppression.total(numbers["attended_at_least_once"]))]
    for dimension, additive in (("gender", True), ("age_band", True), ("target_group", False)):
        cells = suppression.group(numbers[dimension], additive=additive)
        rows += [(dimension, key, value) for key, value in cells.items()]
    return ["dimension", "category", "participants"], rows


def _rate_row(row, *keys):
    small = suppression.is_small(row["people"])
    hide = (lambda v: suppression.SUPPRESSED if small else v)
    return (*keys, hide(row["attended"]), hide(row["counted"]), suppression.cell(row["people"]),
            _round(suppression.over_people(row["rate"], row["people"])))


def attendance_weekly_table(session, period: Period):
    rows = [_rate_row(r, r["week"]) for r in attendance.weekly(session, period, people=True)]
    return ["week", "attended", "marked_not_excused", "people", "rate"], rows


def attendance_cohort_week_table(session, period: Period):
    rows = [_rate_row(r, r["cohort"], r["week"]) for r in attendance.by_cohort_week(session, period)]
    return ["cohort", "week", "attended", "marked_not_excused", "people", "rate"], rows


def hours_table(session, period: Period, numbers=None):
    numbers = numbers or indicators.hours(session, period)
    return ["measure", "value"], [(key, _round(value, 2)) for key, value in numbers.items()]


def skills_table(session, period: Period, competent_level: int):
    rows = []
    for r in indicators.skills(session, period, competent_level):
        rows.append((r["occupation"], r["skill"], suppression.cell(r["assessed"]), suppression.cell(r["competent"]),
                     _round(suppression.over_people(r["share"], r["assessed"]))))
    return ["occupation", "skill", "assessed", "competent", "share_competent"], rows


def outcomes_table(session, period: Period, n=None):
    n = n or indicators.outcomes(session, period)
    days = n["days_to_job"]
    rows = [("jobs", suppression.cell(n["jobs"])), ("jobs_verified", suppression.cell(n["verified"])),
            ("jobs_not_verified", suppression.cell(n["unverified"])),
            ("people_with_job", suppression.cell(n["people_with_job"]))]
    rows += [(f"kind_{k}", v) for k, v in suppression.group(n["by_kind"], additive=False).items()]
    for stat in ("mean", "median", "min", "max"):
        rows.append((f"days_to_first_job_{stat}", _round(suppression.over_people(days[stat], days["count"]), 1)))
    return ["measure", "value"], rows


def targets_table(session, period: Period, programme, numbers=None):
    numbers = numbers or {"enrolment": indicators.enrolment(session, period),
                          "outcomes": indicators.outcomes(session, period), "hours": indicators.hours(session, period)}
    rows = []
    for t in against_targets(programme.targets, numbers,
                             lambda start, end: target_numbers(session, period, start, end)):
        small = t["key"] in PEOPLE_TARGETS and suppression.is_small(t["reached"])
        rows.append((t["key"], t["target"], suppression.SUPPRESSED if small else _round(t["reached"], 2),
                     suppression.SUPPRESSED if small else _round(t["share"]),
                     t["from"].isoformat() if t["from"] else "", t["to"].isoformat() if t["to"] else ""))
    return ["target", "target_value", "reached", "share", "target_from", "target_to"], rows


def quality_table(session, period: Period, now):
    silent = quality.sessions_without_attendance(session, period, now.date(), limit=0)
    stale = quality.stale_devices(session, period.programme_id, now, limit=0)
    rows = [("sessions_without_attendance", silent["count"]),
            (f"devices_not_synced_{stale['days']}_days", stale["count"]),
            ("open_conflicts", quality.open_conflicts(session, period.programme_id)),
            ("flagged_records", quality.flagged_records(session, period.programme_id))]
    return ["flag", "count"], rows


def indicator_tables(session, programme, period: Period, now) -> dict:
    """Every indicator table: name → callable returning (headers, rows); shared numbers computed once."""
    cache = {}

    def once(key, compute):
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def enrolment():
        return once("enrolment", lambda: indicators.enrolment(session, period))

    def outcomes():
        return once("outcomes", lambda: indicators.outcomes(session, period))

    def hours():
        return once("hours", lambda: indicators.hours(session, period))

    return {
        "enrolment": lambda: enrolment_table(session, period, enrolment()),
        "targets": lambda: targets_table(session, period, programme, {
            "enrolment": enrolment(), "outcomes": outcomes(), "hours": hours()}),
        "attendance_weekly": lambda: attendance_weekly_table(session, period),
        "attendance_cohort_week": lambda: attendance_cohort_week_table(session, period),
        "hours": lambda: hours_table(session, period, hours()),
        "skills": lambda: skills_table(session, period, programme.competent_level),
        "outcomes": lambda: outcomes_table(session, period, outcomes()),
        "data_quality": lambda: quality_table(session, period, now),
    }


INDICATOR_TABLES = ("enrolment", "targets", "attendance_weekly", "attendance_cohort_week", "hours", "skills",
                    "outcomes", "data_quality")
