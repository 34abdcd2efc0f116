"""Cohorts: a list with attendance rates, and the attendance register (people × sessions)."""
from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import case, func, select

from models import Attendance, Cohort, Occupation, Participant, Site, TrainingSession, db
from reports import attendance
from reports.period import ATTENDED, Period
from security.audit import audit

from . import bp
from .participants import list_filters

PAGE_SIZE = 25
REGISTER_PEOPLE = 50
REGISTER_SESSIONS = 12


@bp.get("/review/<programme_id>/cohorts")
def review_cohorts(programme):
    f, errors = list_filters()
    c = Cohort
    where = [c.programme_id == programme.id, c.deleted.is_(False)]
    total = db.session.scalar(select(func.count()).select_from(c).where(*where))
    people = select(Participant.cohort_id, func.count().label("n")).where(
        Participant.programme_id == programme.id, Participant.deleted.is_(False)).group_by(Participant.cohort_id) \
        .subquery()
    sessions = select(TrainingSession.cohort_id, func.count().label("n")).where(
        TrainingSession.programme_id == programme.id, TrainingSession.deleted.is_(False)) \
        .group_by(TrainingSession.cohort_id).subquery()
    rows = db.session.execute(
        select(c, Site.name, Occupation, func.coalesce(people.c.n, 0), func.coalesce(sessions.c.n, 0))
        .outerjoin(Site, Site.id == c.site_id).join(Occupation, Occupation.id == c.occupation_id)
        .outerjoin(people, people.c.cohort_id == c.id).outerjoin(sessions, sessions.c.cohort_id == c.id)
        .where(*where).order_by(c.code).offset((f["page"] - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    rates = {r["cohort_id"]: r for r in attendance.by_cohort(db.session, Period(programme.id),
                                                             [row[0].id for row in rows])}
    return render_template("review/cohorts.html", programme=programme, rows=rows, rates=rates, errors=errors,
                           page=f["page"], pages=max(1, -(-total // PAGE_SIZE)), total=total), \
        (400 if errors else 200)


def _int_arg(name, default, high):
    try:
        return max(1, min(int(request.args.get(name, default)), high))
    except ValueError:
        return default


@bp.get("/review/<programme_id>/cohorts/<cohort_id>")
def review_cohort(programme, cohort_id):
    cohort = db.session.scalar(select(Cohort).where(Cohort.id == cohort_id, Cohort.programme_id == programme.id))
    if cohort is None:
        abort(404)
    s, a, p = TrainingSession, Attendance, Participant
    session_where = [s.cohort_id == cohort.id, s.deleted.is_(False)]
    session_total = db.session.scalar(select(func.count()).select_from(s).where(*session_where))
    session_pages = max(1, -(-session_total // REGISTER_SESSIONS))
    spage = _int_arg("spage", session_pages, session_pages)  # the latest sessions unless asked
    sessions = db.session.execute(
        select(s.id, s.date, s.topic, s.kind).where(*session_where).order_by(s.date, s.id)
        .offset((spage - 1) * REGISTER_SESSIONS).limit(REGISTER_SESSIONS)
    ).all()
    people_where = [p.cohort_id == cohort.id, p.deleted.is_(False)]
    people_total = db.session.scalar(select(func.count()).select_from(p).where(*people_where))
    people_pages = max(1, -(-people_total // REGISTER_PEOPLE))
    page = _int_arg("page", 1, people_pages)
    people = db.session.execute(
        select(p.id, p.code, p.given_name, p.family_name).where(*people_where).order_by(p.code)
        .offset((page - 1) * REGISTER_PEOPLE).limit(REGISTER_PEOPLE)
    ).all()
    person_ids, session_ids = [r.id for r in people], [r.id for r in sessions]
    cells = {}
    if person_ids and session_ids:
        cells = {(sid, pid): status for sid, pid, status in db.session.execute(
            select(a.session_id, a.participant_id, a.status)
            .where(a.session_id.in_(session_ids), a.participant_id.in_(person_ids), a.deleted.is_(False)))}
    attended = func.sum(case((a.status.in_(ATTENDED), 1), else_=0))
    counted = func.sum(case((a.status != "excused", 1), else_=0))
    person_rates = {pid: (n / d if d else None) for pid, n, d in db.session.execute(
        select(a.participant_id, attended, counted).join(s, s.id == a.session_id)
        .where(a.cohort_id == cohort.id, a.participant_id.in_(person_ids), a.deleted.is_(False), s.deleted.is_(False))
        .group_by(a.participant_id))} if person_ids else {}
    session_counts = {sid: (n, d) for sid, n, d in db.session.execute(
        select(a.session_id, attended, func.count()).where(a.session_id.in_(session_ids), a.deleted.is_(False))
        .group_by(a.session_id))} if session_ids else {}
    if people:
        audit("read_list", user=current_user, entity="attendance", programme_id=programme.id,
              detail={"cohort_id": cohort.id, "people": len(people), "sessions": len(sessions)})
        db.session.commit()
    return render_template("review/cohort.html", programme=programme, cohort=cohort, sessions=sessions,
                           people=people, cells=cells, person_rates=person_rates, session_counts=session_counts,
                           page=page, pages=people_pages, spage=spage, spages=session_pages,
                           people_total=people_total, session_total=session_total)
