"""The indicators dashboard of one programme, against its targets, with SVG charts."""
from flask import render_template, request
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from sqlalchemy import func, select

from models import GENDERS, TARGET_GROUPS, Cohort, db
from reports import attendance
from reports.dashboard import dashboard
from reports.filters import period_filter
from reports.period import AGE_BANDS, Period

from . import bp
from .charts import hbars, line
from .choice_labels import age_band_label, gender_label, target_group_label, target_label

COHORT_PAGE = 20
GRID_WEEKS = 8


def _count_bars(counts: dict, label, label_width=150):
    return hbars([(label(key), n, format_decimal(n)) for key, n in counts.items()], label_width=label_width)


def _charts(numbers):
    e, h = numbers["enrolment"], numbers["hours"]
    hours = hbars([
        (_("Training"), h["training_hours"], format_decimal(h["training_hours"], "#,##0.#"), "series-0"),
        (_("Mentoring, diaspora"), h["mentoring_hours_diaspora"],
         format_decimal(h["mentoring_hours_diaspora"], "#,##0.#"), "series-1"),
        (_("Mentoring, local"), h["mentoring_hours_local"], format_decimal(h["mentoring_hours_local"], "#,##0.#"),
         "series-2"),
    ])
    skills = hbars([(s["skill"], s["share"], f"{format_percent(s['share'])} ({s['competent']}/{s['assessed']})")
                    for s in numbers["skills"]], max_value=1, label_width=170)
    targets = hbars([(target_label(t["key"]), min(t["share"], 1) if t["share"] is not None else None,
                      f"{format_decimal(t['reached'] or 0, '#,##0.#')} / {format_decimal(t['target'], '#,##0.#')}",
                      "done" if (t["share"] or 0) >= 1 else "")
                     for t in numbers["targets"]], max_value=1, label_width=170)
    weekly = line({_("Attendance rate"): [(r["week"], r["rate"]) for r in numbers["weekly_attendance"]]},
                  y_label=lambda v: format_percent(v))
    return {
        "gender": _count_bars({g: e["gender"][g] for g in GENDERS}, gender_label),
        "age": _count_bars({k: e["age_band"][k] for k, _lo, _hi in AGE_BANDS}, age_band_label),
        "groups": _count_bars({t: e["target_group"][t] for t in TARGET_GROUPS}, target_group_label, 175),
        "hours": hours, "skills": skills, "targets": targets, "weekly": weekly,
    }


def _cohort_grid(programme, period, numbers, page):
    cohorts = db.session.execute(
        select(Cohort.id, Cohort.code).where(Cohort.programme_id == programme.id, Cohort.deleted.is_(False))
        .order_by(Cohort.code).offset((page - 1) * COHORT_PAGE).limit(COHORT_PAGE)).all()
    total = db.session.scalar(select(func.count()).select_from(Cohort).where(
        Cohort.programme_id == programme.id, Cohort.deleted.is_(False)))
    weeks = [r["week"] for r in numbers["weekly_attendance"]][-GRID_WEEKS:]
    cells = {}
    if cohorts and weeks:
        recent = Period(period.programme_id, start=weeks[0], end=period.end)
        for r in attendance.by_cohort_week(db.session, recent, [c.id for c in cohorts]):
            cells[(r["cohort_id"], r["week"])] = r
    totals = {r["cohort_id"]: r for r in attendance.by_cohort(db.session, period, [c.id for c in cohorts])}
    return {"cohorts": cohorts, "weeks": weeks, "cells": cells, "totals": totals, "page": page,
            "pages": max(1, -(-total // COHORT_PAGE))}


@bp.get("/review/<programme_id>/indicators")
def review_indicators(programme):
    f, period, errors = period_filter(programme.id, request.args)
    try:
        cohort_page = max(1, min(int(request.args.get("cpage", 1)), 100_000))
    except ValueError:
        cohort_page = 1
    numbers = charts = grid = None
    if not errors:
        numbers = dashboard(db.session, programme, period, stale_days=f["stale_days"])
        charts = _charts(numbers)
        grid = _cohort_grid(programme, period, numbers, cohort_page)
    args = {k: v for k, v in request.args.items() if k in ("from", "to", "reference", "stale_days") and v}
    return render_template("review/indicators.html", programme=programme, n=numbers, charts=charts, grid=grid,
                           errors=errors, args=args, period=period, target_label=target_label), (400 if errors else 200)
