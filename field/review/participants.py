"""Participants: a searchable list and a profile with attendance, hours, skills over time, goals, jobs."""
from types import SimpleNamespace

from flask import abort, render_template, request
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from models import (Assessment, Attendance, Cohort, HandoverNote, MentoringGoal, Occupation, Outcome, Participant, Skill,
                    TrainingSession, User, db)
from reports.attendance import participant_hours
from reports.period import ATTENDED
from reports.filters import error_messages
from security.audit import audit

from . import bp
from ..labels import label_for
from .charts import line, skill_progress
from .schemas import ListFilterSchema

PAGE_SIZE = 50
ATTENDANCE_PAGE = 20


def list_filters():
    """(filters, errors) of a list page; bad input falls back to page 1 with a message."""
    schema = ListFilterSchema()
    errors = error_messages(schema.validate(request.args))
    return ({"page": 1, "q": "", "cohort": None} if errors else schema.load(request.args)), errors


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@bp.get("/review/<programme_id>/participants")
def review_participants(programme):
    f, errors = list_filters()
    p = Participant
    where = [p.programme_id == programme.id, p.deleted.is_(False)]
    if f["q"].strip():
        pattern = _like(f["q"].strip())
        where.append(or_(func.lower(p.code).like(pattern, escape="\\"), func.lower(p.given_name).like(pattern, escape="\\"),
                         func.lower(p.family_name).like(pattern, escape="\\")))
    if f["cohort"]:
        where.append(p.cohort_id == f["cohort"])
    total = db.session.scalar(select(func.count()).select_from(p).where(*where))
    rows = db.session.execute(
        select(p, Cohort.code).outerjoin(Cohort, Cohort.id == p.cohort_id).where(*where).order_by(p.code)
        .offset((f["page"] - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    if rows:
        audit("read_list", user=current_user, entity="participant", programme_id=programme.id,
              detail={"count": len(rows), "page": f["page"]})
        db.session.commit()
    cohorts = db.session.execute(select(Cohort.id, Cohort.code).where(
        Cohort.programme_id == programme.id, Cohort.deleted.is_(False)).order_by(Cohort.code).limit(500)).all()
    args = {k: v for k, v in (("q", f["q"]), ("cohort", f["cohort"])) if v}
    return render_template("review/participants.html", programme=programme, rows=rows, total=total, f=f,
                           errors=errors, cohorts=cohorts, page=f["page"], pages=max(1, -(-total // PAGE_SIZE)),
                           args=args), (400 if errors else 200)


def _attendance_summary(participant):
    a, s = Attendance, TrainingSession
    counts = dict(db.session.execute(
        select(a.status, func.count()).select_from(a).join(s, s.id == a.session_id)
        .where(a.participant_id == participant.id, a.deleted.is_(False), s.deleted.is_(False)).group_by(a.status)
    ).all())
    attended = sum(counts.get(k, 0) for k in ATTENDED)
    counted = sum(n for k, n in counts.items() if k != "excused")
    return {"counts": counts, "attended": attended, "counted": counted,
            "rate": attended / counted if counted else None,
            **participant_hours(db.session, participant.id)}


def _skills(participant, programme):
    rows = db.session.execute(
        select(Skill.id, Skill.name, Skill.labels, Assessment.assessed_on, Assessment.level)
        .join(Skill, Skill.id == Assessment.skill_id)
        .where(Assessment.participant_id == participant.id, Assessment.deleted.is_(False))
        .order_by(Skill.position, Skill.name, Assessment.assessed_on, Assessment.version)
    ).all()
    skills = {}
    for sid, name, labels, on, level in rows:
        shown = label_for(SimpleNamespace(name=name, labels=labels), str(get_locale()), programme.default_locale)
        skills.setdefault(sid, {"name": shown, "history": []})["history"].append((on, level))
    for s in skills.values():
        s["baseline"], s["latest"] = s["history"][0][1], s["history"][-1][1]
    occupation = None
    if participant.cohort_id:
        occupation = db.session.scalar(select(Occupation).join(Cohort, Cohort.occupation_id == Occupation.id)
                                       .where(Cohort.id == participant.cohort_id))
    max_level = max([occupation.max_level if occupation else 4] + [lv for s in skills.values() for _d, lv in s["history"]])
    items = list(skills.values())
    progress = skill_progress(items, max_level, programme.competent_level) if items else None
    over_time = line({s["name"]: s["history"] for s in items}, y_max=max_level,
                     y_ticks=range(0, max_level + 1)) if items else None
    return items, progress, over_time


@bp.get("/review/<programme_id>/participants/<participant_id>")
def review_participant(programme, participant_id):
    person = db.session.scalar(select(Participant).where(
        Participant.id == participant_id, Participant.programme_id == programme.id))
    if person is None:
        abort(404)
    try:
        page = max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        page = 1
    cohort = db.session.get(Cohort, person.cohort_id) if person.cohort_id else None
    a, s = Attendance, TrainingSession
    sessions = db.session.execute(
        select(s.date, s.topic, s.kind, s.duration_minutes, a.status, a.minutes).join(a, a.session_id == s.id)
        .where(a.participant_id == person.id, a.deleted.is_(False), s.deleted.is_(False))
        .order_by(s.date.desc(), s.id).offset((page - 1) * ATTENDANCE_PAGE).limit(ATTENDANCE_PAGE)
    ).all()
    summary = _attendance_summary(person)
    total = sum(summary["counts"].values())
    skills, progress, over_time = _skills(person, programme)
    goals = db.session.execute(
        select(MentoringGoal, User.display_name).join(User, User.id == MentoringGoal.mentor_id)
        .where(MentoringGoal.participant_id == person.id, MentoringGoal.deleted.is_(False))
        .order_by(MentoringGoal.due_on)
    ).all()
    handover = db.session.execute(
        select(HandoverNote, User.display_name).outerjoin(User, User.id == HandoverNote.updated_by_id)
        .where(HandoverNote.participant_id == person.id, HandoverNote.deleted.is_(False))
        .order_by(HandoverNote.written_on.desc(), HandoverNote.version.desc())
    ).all()
    outcomes = db.session.scalars(select(Outcome).where(
        Outcome.participant_id == person.id, Outcome.deleted.is_(False)).order_by(Outcome.started_on)).all()
    audit("read", user=current_user, entity="participant", record_id=person.id, programme_id=programme.id)
    db.session.commit()
    return render_template("review/participant.html", programme=programme, person=person, cohort=cohort,
                           sessions=sessions, summary=summary, skills=skills, progress=progress,
                           over_time=over_time, goals=goals, handover=handover, outcomes=outcomes, page=page,
                           pages=max(1, -(-total // ATTENDANCE_PAGE)),
                           competent_label=_("Competent level (%(level)s)", level=programme.competent_level))
