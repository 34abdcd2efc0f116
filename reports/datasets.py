"""Every entity of one programme as an export: one ordered SELECT per dataset, streamed."""
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from models import (Assessment, Attendance, Cohort, Conflict, MentoringGoal, Occupation, Outcome, Participant,
                    Review, Site, Skill, SurveyForm, SurveyResponse, TrainingSession, User)

from .period import Period


def _participants(period: Period):
    p = Participant
    return select(
        p.id, p.code, p.given_name, p.family_name, p.gender, p.birth_year, p.target_groups,
        Cohort.code.label("cohort"), p.consent_on, p.enrolled_on, p.exited_on, p.exit_reason, p.version,
        p.updated_at,
    ).outerjoin(Cohort, Cohort.id == p.cohort_id).where(
        p.programme_id == period.programme_id, p.deleted.is_(False)).order_by(p.code)


def _cohorts(period: Period):
    c = Cohort
    return select(c.id, c.code, c.name, Site.name.label("site"), Occupation.name.label("occupation"),
                  c.starts_on, c.ends_on, c.version, c.updated_at) \
        .outerjoin(Site, Site.id == c.site_id).join(Occupation, Occupation.id == c.occupation_id) \
        .where(c.programme_id == period.programme_id, c.deleted.is_(False)).order_by(c.code)


def _sites(period: Period):
    s = Site
    return select(s.id, s.name, s.city, s.kind, s.version, s.updated_at) \
        .where(s.programme_id == period.programme_id, s.deleted.is_(False)).order_by(s.name)


def _sessions(period: Period):
    s = TrainingSession
    return select(s.id, Cohort.code.label("cohort"), s.date, s.start_time, s.duration_minutes, s.kind, s.topic,
                  s.notes, s.location, User.display_name.label("updated_by"), s.version, s.updated_at) \
        .join(Cohort, Cohort.id == s.cohort_id).outerjoin(User, User.id == s.updated_by_id) \
        .where(s.programme_id == period.programme_id, s.deleted.is_(False), *period.bounds(s.date)) \
        .order_by(s.date, Cohort.code, s.id)


def _attendance(period: Period):
    a, s = Attendance, TrainingSession
    return select(a.id, s.date.label("session_date"), Cohort.code.label("cohort"), s.topic.label("session_topic"),
                  Participant.code.label("participant_code"), a.status, a.minutes, a.note, a.session_id,
                  a.participant_id, a.version, a.updated_at) \
        .join(s, s.id == a.session_id).join(Cohort, Cohort.id == a.cohort_id) \
        .join(Participant, Participant.id == a.participant_id) \
        .where(a.programme_id == period.programme_id, a.deleted.is_(False), s.deleted.is_(False),
               *period.bounds(s.date)) \
        .order_by(s.date, Cohort.code, s.id, Participant.code)


def _assessments(period: Period):
    a = Assessment
    return select(a.id, Participant.code.label("participant_code"), Skill.code.label("skill_code"),
                  Skill.name.label("skill"), a.level, a.assessed_on, User.display_name.label("assessor"), a.note,
                  a.version, a.updated_at) \
        .join(Participant, Participant.id == a.participant_id).join(Skill, Skill.id == a.skill_id) \
        .outerjoin(User, User.id == a.assessor_id) \
        .where(a.programme_id == period.programme_id, a.deleted.is_(False), *period.bounds(a.assessed_on)) \
        .order_by(Participant.code, Skill.code, a.assessed_on)


def _mentoring_goals(period: Period):
    g = MentoringGoal
    return select(g.id, Participant.code.label("participant_code"), User.display_name.label("mentor"), g.title,
                  g.status, g.due_on, g.notes, g.version, g.updated_at) \
        .join(Participant, Participant.id == g.participant_id).join(User, User.id == g.mentor_id) \
        .where(g.programme_id == period.programme_id, g.deleted.is_(False)).order_by(Participant.code, g.due_on)


def _outcomes(period: Period):
    o = Outcome
    return select(o.id, Participant.code.label("participant_code"), o.kind,
                  func.coalesce(Site.name, o.employer_name).label("employer"), o.started_on, o.contract,
                  o.verified, o.version, o.updated_at) \
        .join(Participant, Participant.id == o.participant_id).outerjoin(Site, Site.id == o.site_id) \
        .where(o.programme_id == period.programme_id, o.deleted.is_(False), *period.bounds(o.started_on)) \
        .order_by(o.started_on, Participant.code)


def _survey_responses(period: Period):
    r = SurveyResponse
    return select(r.id, SurveyForm.code.label("form"), r.form_version, Participant.code.label("participant_code"),
                  Site.name.label("site"), r.collected_on, r.answers, r.location, r.version, r.updated_at) \
        .join(SurveyForm, SurveyForm.id == r.form_id).outerjoin(Participant, Participant.id == r.participant_id) \
        .outerjoin(Site, Site.id == r.site_id) \
        .where(r.programme_id == period.programme_id, r.deleted.is_(False), *period.bounds(r.collected_on)) \
        .order_by(r.collected_on, r.id)


def _reviews(period: Period):
    r = Review
    return select(r.id, r.record_entity, r.record_id, r.record_version, r.status, r.comment,
                  User.display_name.label("reviewer"), r.created_at) \
        .outerjoin(User, User.id == r.reviewer_id) \
        .where(r.programme_id == period.programme_id, r.deleted.is_(False)).order_by(r.created_at, r.id)


def _conflicts(period: Period):
    c = Conflict
    kept, other, resolver = aliased(User), aliased(User), aliased(User)
    return select(c.id, c.kind, c.entity, c.record_id, c.field, c.kept_value, kept.display_name.label("kept_by"),
                  c.kept_hlc, c.other_value, other.display_name.label("other_by"), c.other_hlc, c.created_at,
                  c.resolved_at, resolver.display_name.label("resolved_by"), c.resolution) \
        .outerjoin(kept, kept.id == c.kept_by_id).outerjoin(other, other.id == c.other_by_id) \
        .outerjoin(resolver, resolver.id == c.resolved_by_id) \
        .where(c.programme_id == period.programme_id).order_by(c.id)


#: dataset name → SELECT builder; every one keeps to the period's programme
ENTITY_DATASETS = {
    "participants": _participants, "cohorts": _cohorts, "sites": _sites, "sessions": _sessions,
    "attendance": _attendance, "assessments": _assessments, "mentoring_goals": _mentoring_goals,
    "outcomes": _outcomes, "survey_responses": _survey_responses, "reviews": _reviews, "conflicts": _conflicts,
}
#: datasets holding personal data (their export is audited as such)
PERSONAL_DATASETS = frozenset({"participants", "attendance", "assessments", "mentoring_goals", "outcomes",
                               "survey_responses"})


def entity_table(session, dataset: str, period: Period, chunk: int = 2000):
    """(headers, rows) where rows is a generator streaming the dataset in chunks."""
    query = ENTITY_DATASETS[dataset](period)
    headers = [c.name for c in query.selected_columns]

    def rows():
        result = session.execute(query.execution_options(yield_per=chunk))
        for row in result:
            yield tuple(row)

    return headers, rows()


