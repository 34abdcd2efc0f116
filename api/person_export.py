"""Everything held about one participant, as one JSON document (GDPR art. 15; docs/coordinator.md).

``person_export`` gathers the participant's record, cohort, attendance (with the session's date,
topic and kind), assessments, mentoring goals, outcomes, survey answers, the reviews and conflicts
about these records, their change-log entries and the audit of who read or wrote them. Records
are in their wire form (docs/sync.md), deleted ones included (``deleted: true``): the server still
holds them. Group session notes are other people's data too and are not included; the sessions the
person attended are listed by date, topic and kind.
"""
from datetime import datetime, timezone

from sqlalchemy import or_, select

from api.sync.serialize import record_data, wire_value
from models import (Assessment, Attendance, AuditLog, ChangeLog, Cohort, Conflict, HandoverNote, MentoringGoal, Outcome,
                    Review, SurveyForm, SurveyResponse, TrainingSession, User)

FORMAT = "field-mentor/person-export"
FORMAT_VERSION = 1
SECTIONS = (("attendance", Attendance), ("assessments", Assessment), ("mentoring_goals", MentoringGoal),
            ("handover_notes", HandoverNote), ("outcomes", Outcome), ("survey_responses", SurveyResponse))


def _record(record) -> dict:
    return {"id": record.id, "version": record.version, "created_at": wire_value(record.created_at),
            **record_data(record)}


def person_export(session, programme, person, user, now: datetime | None = None) -> dict:
    """The export of ``person`` (of ``programme``) made by ``user``, as a JSON-ready dict."""
    now = now or datetime.now(timezone.utc)
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": wire_value(now),
           "exported_by": {"id": user.id, "name": user.display_name},
           "programme": {"id": programme.id, "code": programme.code, "name": programme.name},
           "participant": _record(person)}
    cohort = session.get(Cohort, person.cohort_id) if person.cohort_id else None
    doc["cohort"] = {"id": cohort.id, "code": cohort.code, "name": cohort.name,
                     "starts_on": wire_value(cohort.starts_on), "ends_on": wire_value(cohort.ends_on)} if cohort else None
    ids = {person.id: "participant"}
    for name, model in SECTIONS:
        rows = session.scalars(select(model).where(model.participant_id == person.id)
                               .order_by(model.created_at, model.id)).all()
        doc[name] = [_record(r) for r in rows]
        ids.update({r.id: r.entity for r in rows})
    sessions = {s.id: s for s in session.scalars(select(TrainingSession).where(
        TrainingSession.id.in_([a["session_id"] for a in doc["attendance"]])))}
    for item in doc["attendance"]:
        s = sessions.get(item["session_id"])
        item["session"] = {"date": wire_value(s.date), "topic": s.topic, "kind": s.kind,
                           "duration_minutes": s.duration_minutes} if s else None
    forms = {f.id: f for f in session.scalars(select(SurveyForm).where(
        SurveyForm.id.in_([r["form_id"] for r in doc["survey_responses"]])))}
    for item in doc["survey_responses"]:
        form = forms.get(item["form_id"])
        item["form"] = {"code": form.code, "title": form.title, "questions": [
            {"id": q.get("id"), "type": q.get("type"), "label": q.get("label")}
            for q in form.questions if isinstance(q, dict)]} if form else None
    id_list = list(ids)
    doc["reviews"] = [_record(r) for r in session.scalars(select(Review).where(or_(
        Review.participant_id == person.id, Review.record_id.in_(id_list))).order_by(Review.version))]
    doc["conflicts"] = [{
        "id": c.id, "kind": c.kind, "entity": c.entity, "record_id": c.record_id, "field": c.field,
        "kept_value": c.kept_value, "kept_hlc": c.kept_hlc, "kept_by": c.kept_by_id,
        "other_value": c.other_value, "other_hlc": c.other_hlc, "other_by": c.other_by_id,
        "created_at": wire_value(c.created_at), "resolved_at": wire_value(c.resolved_at),
        "resolved_by": c.resolved_by_id, "resolution": c.resolution,
    } for c in session.scalars(select(Conflict).where(Conflict.record_id.in_(id_list)).order_by(Conflict.id))]
    doc["change_log"] = [{"seq": row.seq, "entity": row.entity, "record_id": row.record_id, "op": row.op,
                          "at": wire_value(row.at)}
                         for row in session.scalars(select(ChangeLog).where(ChangeLog.record_id.in_(id_list))
                                                    .order_by(ChangeLog.seq))]
    audit_rows = session.scalars(select(AuditLog).where(AuditLog.record_id.in_(id_list))
                                 .order_by(AuditLog.at, AuditLog.id)).all()
    users = dict(session.execute(select(User.id, User.display_name).where(
        User.id.in_({r.user_id for r in audit_rows if r.user_id}))).all())
    doc["audit"] = [{"at": wire_value(r.at), "action": r.action, "entity": r.entity, "record_id": r.record_id,
                     "user": {"id": r.user_id, "name": users.get(r.user_id)} if r.user_id else None,
                     "detail": r.detail} for r in audit_rows]
    doc["counts"] = {name: len(doc[name]) for name in
                     ("attendance", "assessments", "mentoring_goals", "outcomes", "survey_responses", "reviews",
                      "conflicts", "change_log", "audit")}
    return doc
