"""A programme's donor targets (Programme.targets) set against what was reached."""

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


def against_targets(targets: dict, numbers: dict) -> list[dict]:
    """One row per target the programme set: key, target, reached, share (None if unknown)."""
    rows = []
    for key, target in sorted((targets or {}).items()):
        if key in TARGET_SOURCES:
            reached = TARGET_SOURCES[key](numbers)
        elif key in numbers["enrolment"]["target_group"]:
            reached = numbers["enrolment"]["target_group"][key]
        else:
            reached = None
        try:
            target = float(target)
        except (TypeError, ValueError):
            continue
        share = reached / target if reached is not None and target > 0 else None
        rows.append({"key": key, "target": target, "reached": reached, "share": share})
    return rows
