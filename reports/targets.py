"""A programme's donor targets (Programme.targets) set against what was reached.

A target is a number (``{"jobs": 30}``: reached over the period being looked at)
or a number with its own period (``{"jobs": {"value": 30, "from": "2026-01-01",
"to": "2026-12-31"}}``, both dates optional: reached over that period).
"""
from datetime import date

#: target key → how to read the reached value from the dashboard's numbers
TARGET_SOURCES = {
    "participants": lambda d: d["enrolment"]["total"],
    "women": lambda d: d["enrolment"]["gender"]["female"],
    "youth": lambda d: d["enrolment"]["age_band"]["15_24"],
    "jobs": lambda d: d["outcomes"]["jobs"],
    "verified_jobs": lambda d: d["outcomes"]["verified"],
    "people_with_job": lambda d: d["outcomes"]["people_with_job"],
    "training_hours": lambda d: d["hours"]["training_hours"],
    "mentoring_hours": lambda d: d["hours"]["mentoring_hours"],
    "diaspora_mentoring_hours": lambda d: d["hours"]["mentoring_hours_diaspora"],
}


def target_parts(target) -> tuple:
    """(value, from, to) of a stored target, either form; dates None when not given."""
    if isinstance(target, dict):
        return target.get("value"), _day(target.get("from")), _day(target.get("to"))
    return target, None, None


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def against_targets(targets: dict, numbers: dict, numbers_for=None) -> list[dict]:
    """One row per target the programme set: key, target, reached, share (None if unknown), from, to.

    ``numbers_for(start, end)`` gives the numbers of another period: a target with its own
    period is measured over it (without it, over ``numbers``' period).
    """
    rows = []
    by_period = {}
    for key, stored in sorted((targets or {}).items()):
        target, start, end = target_parts(stored)
        source = numbers
        if (start or end) and numbers_for is not None:
            if (start, end) not in by_period:
                by_period[(start, end)] = numbers_for(start, end)
            source = by_period[(start, end)]
        if key in TARGET_SOURCES:
            reached = TARGET_SOURCES[key](source)
        elif key in source["enrolment"]["target_group"]:
            reached = source["enrolment"]["target_group"][key]
        else:
            reached = None
        try:
            target = float(target)
        except (TypeError, ValueError):
            continue
        share = reached / target if reached is not None and target > 0 else None
        rows.append({"key": key, "target": target, "reached": reached, "share": share, "from": start, "to": end})
    return rows
