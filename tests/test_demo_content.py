"""What one `flask demo load` holds: the real programmes, trades, people and recent records.

The demo is loaded once for this module (it takes seconds); every test here only reads it.
"""
import uuid
from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlalchemy import select

from models import (SYNCED_MODELS, TARGET_GROUPS, Assessment, Attendance, ChangeLog, Cohort, CohortStaff,
                    MentoringGoal, Occupation, Outcome, Participant, Programme, Site, Skill, SurveyForm,
                    SurveyResponse, TrainingSession, User, db)
from tests.conftest import _empty_all_tables, _make_app

#: SYNC.md rule 7, written out here rather than imported from the code under test
RULE_7_NAMESPACE = uuid.UUID("6f1c2a9e-3b4d-5e6f-8a7b-9c0d1e2f3a4b")
LANGUAGES = ("bs", "de", "tr", "sv")


@pytest.fixture(scope="module")
def demo_app(database_url, tmp_path_factory):
    app = _make_app(database_url, tmp_path_factory.mktemp("demo_instance"))
    with app.app_context():
        from cli.demo_data import load_demo

        load_demo()
        db.session.remove()
    yield app
    _empty_all_tables(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def session(demo_app):
    with demo_app.app_context():
        yield db.session


def all_of(session, model):
    return session.scalars(select(model)).all()


def test_the_three_programmes_with_donors_targets_and_languages(session):
    programmes = {p.code: p for p in all_of(session, Programme)}
    assert set(programmes) == {"kljuc-d4d", "izmir-mf", "jcn-nord"}
    assert {code: p.default_locale for code, p in programmes.items()} == {
        "kljuc-d4d": "bs", "izmir-mf": "tr", "jcn-nord": "sv"}
    assert "UNDP" in programmes["kljuc-d4d"].donor and "D4D" in programmes["kljuc-d4d"].donor
    assert "UNDP" in programmes["izmir-mf"].donor and "Meslek Fabrikası" in programmes["izmir-mf"].name
    assert "EU" in programmes["jcn-nord"].donor
    for programme in programmes.values():
        assert {"participants", "women", "youth", "jobs", "training_hours"} <= set(programme.targets)
        assert programme.starts_on < date(2027, 1, 1) < programme.ends_on


def test_kljuc_has_its_three_companies(session):
    kljuc = session.scalar(select(Programme).where(Programme.code == "kljuc-d4d"))
    sites = session.scalars(select(Site).where(Site.programme_id == kljuc.id)).all()
    names = " ".join(s.name for s in sites)
    for company in ("S.E.C.", "KOFIX", "ČAJA DRVOSTIL"):
        assert company in names
    assert {s.city for s in sites} == {"Ključ"}
    cohorts = session.scalars(select(Cohort).where(Cohort.programme_id == kljuc.id)).all()
    assert {c.site_id for c in cohorts} == {s.id for s in sites}
    trades = {session.get(Occupation, c.occupation_id).code for c in cohorts}
    assert trades == {"cnc-operator", "pvc-al-joinery", "dispatcher"}


def test_every_occupation_has_ordered_translated_skills_and_a_five_level_rubric(session):
    occupations = all_of(session, Occupation)
    assert len(occupations) >= 5
    for occupation in occupations:
        assert set(LANGUAGES) <= set(occupation.labels)
        skills = session.scalars(select(Skill).where(Skill.occupation_id == occupation.id)).all()
        assert 6 <= len(skills) <= 10, occupation.code
        assert sorted(s.position for s in skills) == list(range(1, len(skills) + 1))
        for skill in skills:
            assert set(LANGUAGES) <= set(skill.labels), skill.code
            assert all(skill.labels[lang].strip() and skill.labels[lang] != skill.name for lang in ("bs", "tr"))
        assert [r.level for r in occupation.rubric] == [0, 1, 2, 3, 4]
        assert [r.label for r in occupation.rubric] == ["Not yet", "With help", "Partly independent", "Competent",
                                                        "Independent"]
        for level in occupation.rubric:
            assert level.description
            assert set(LANGUAGES) <= set(level.labels) and set(LANGUAGES) <= set(level.labels["description"])


def test_every_synced_record_has_its_change_log_row(session):
    logged = {(entity, record_id): seq for entity, record_id, seq in
              session.execute(select(ChangeLog.entity, ChangeLog.record_id, ChangeLog.seq)
                              .where(ChangeLog.op == "upsert"))}
    total = 0
    for entity, model in SYNCED_MODELS.items():
        for record_id, version in session.execute(select(model.id, model.version)):
            assert version > 0, (entity, record_id)
            assert logged.get((entity, record_id)) == version, (entity, record_id)
            total += 1
    assert total == len(logged) > 2000


def test_attendance_ids_follow_rule_7(session):
    rows = session.execute(select(Attendance.id, Attendance.session_id, Attendance.participant_id)).all()
    assert len(rows) > 500
    for record_id, session_id, participant_id in rows:
        assert record_id == str(uuid.uuid5(RULE_7_NAMESPACE, f"{session_id}:{participant_id}"))


def test_sessions_lead_up_to_today_with_a_realistic_attendance(session):
    today = date.today()
    marks = defaultdict(list)
    for mark in all_of(session, Attendance):
        marks[mark.session_id].append(mark)
    for cohort in all_of(session, Cohort):
        sessions = session.scalars(select(TrainingSession).where(TrainingSession.cohort_id == cohort.id)).all()
        past = [s for s in sessions if s.date < today]
        assert len(past) >= 8 and (today - max(s.date for s in past)).days <= 7, cohort.code
        assert (today - min(s.date for s in past)).days >= 21, cohort.code  # a few weeks
        assert all(marks[s.id] for s in past), cohort.code
        assert [s for s in sessions if s.date >= today] and not any(marks[s.id] for s in sessions if s.date >= today)
        for s in past:
            assert all(0 <= m.minutes <= s.duration_minutes for m in marks[s.id])
    statuses = Counter(m.status for group in marks.values() for m in group)
    assert set(statuses) == {"present", "late", "absent", "excused"}
    assert statuses["present"] > 0.7 * sum(statuses.values())
    kinds = Counter(s.kind for s in all_of(session, TrainingSession))
    assert {"training", "on_the_job", "assessment", "mentoring", "remote_mentoring"} <= set(kinds)


def test_participants_are_a_realistic_mix(session):
    today = date.today()
    by_programme = defaultdict(list)
    codes = {p.id: p.code for p in all_of(session, Programme)}
    for participant in all_of(session, Participant):
        by_programme[codes[participant.programme_id]].append(participant)
    for code, people in by_programme.items():
        assert 20 <= len(people) <= 40, code
        assert all(16 <= today.year - p.birth_year <= 55 for p in people)
        assert all(p.target_groups and set(p.target_groups) <= set(TARGET_GROUPS) for p in people)
        assert all(p.consent_on <= p.enrolled_on for p in people)
        assert any(p.exited_on and p.exit_reason for p in people), code
        assert len({p.code for p in people}) == len(people)
    prefix = {code: {p.code[:4] for p in people} for code, people in by_programme.items()}
    assert prefix == {"kljuc-d4d": {"KLJ-"}, "izmir-mf": {"IZM-"}, "jcn-nord": {"JCN-"}}
    izmir = by_programme["izmir-mf"]
    assert sum(p.gender == "female" for p in izmir) > len(izmir) / 2
    assert sum("roma" in p.target_groups for p in izmir) >= 5
    assert sum(today.year - p.birth_year <= 29 for p in izmir) > 0.8 * len(izmir)
    nord = by_programme["jcn-nord"]
    for group in ("refugee", "neet", "long_term_unemployed"):
        assert sum(group in p.target_groups for p in nord) >= 3, group
    genders = Counter(p.gender for people in by_programme.values() for p in people)
    assert genders["female"] > 20 and genders["male"] > 20


def test_assessments_show_progress(session):
    history = defaultdict(list)
    for a in session.scalars(select(Assessment).order_by(Assessment.assessed_on)):
        history[(a.participant_id, a.skill_id)].append(a.level)
    repeated = [levels for levels in history.values() if len(levels) > 1]
    assert len(repeated) > 100
    assert all(later >= earlier for levels in repeated for earlier, later in zip(levels, levels[1:]))
    assert sum(levels[-1] > levels[0] for levels in repeated) > len(repeated) / 2
    assert {a.level for a in all_of(session, Assessment)} == {0, 1, 2, 3, 4}


def test_goals_outcomes_and_surveys(session):
    mentor = session.scalar(select(User).where(User.username == "mentor"))
    goals = all_of(session, MentoringGoal)
    assert {"open", "in_progress", "done"} <= {g.status for g in goals}
    assert sum(g.mentor_id == mentor.id for g in goals) >= 5
    assert all(g.cohort_id == session.get(Participant, g.participant_id).cohort_id for g in goals)

    outcomes = all_of(session, Outcome)
    assert {True, False} == {o.verified for o in outcomes}
    kljuc_sites = {s.id: s.name for s in session.scalars(
        select(Site).join(Programme, Programme.id == Site.programme_id).where(Programme.code == "kljuc-d4d"))}
    kljuc_jobs = [o for o in outcomes if o.site_id in kljuc_sites]
    assert len(kljuc_jobs) >= 5 and all(o.employer_name == kljuc_sites[o.site_id] for o in kljuc_jobs)

    forms = all_of(session, SurveyForm)
    assert {session.get(Programme, f.programme_id).code for f in forms} == {"kljuc-d4d", "izmir-mf", "jcn-nord"}
    assert {q["type"] for form in forms for q in form.questions} == {"text", "number", "choice", "yesno"}
    for form in forms:
        questions = {q["id"]: q for q in form.questions}
        assert all(q["label"] and q["labels"] for q in form.questions)
        responses = session.scalars(select(SurveyResponse).where(SurveyResponse.form_id == form.id)).all()
        assert len(responses) >= 3
        for response in responses:
            assert set(response.answers) <= set(questions)
            for qid, answer in response.answers.items():
                if questions[qid]["type"] == "choice":
                    assert answer in {o["value"] for o in questions[qid]["options"]}


def test_staff_roles_and_cohort_assignments(session):
    users = {u.username: u for u in all_of(session, User)}
    programmes = {p.id: p.code for p in all_of(session, Programme)}

    def roles(username):
        return {(programmes[m.programme_id], m.role) for m in users[username].memberships}

    assert roles("admin") == {(code, "admin") for code in programmes.values()}
    assert roles("coordinator") == {("kljuc-d4d", "coordinator"), ("izmir-mf", "coordinator")}
    assert roles("trainer") == {("kljuc-d4d", "trainer")} and users["trainer"].locale == "bs"
    assert roles("mentor") == {("kljuc-d4d", "mentor")} and users["mentor"].locale == "de"
    cohorts = {c.id: c.code for c in all_of(session, Cohort)}
    staff = {(cohorts[s.cohort_id], users_by_id.username, s.role)
             for users_by_id in users.values() for s in all_of(session, CohortStaff) if s.user_id == users_by_id.id}
    assert ("kljuc-cnc-1", "trainer", "trainer") in staff and ("kljuc-cnc-1", "mentor", "mentor") in staff
    for code in cohorts.values():
        assert any(c == code and role == "trainer" for c, _u, role in staff), code
    per_programme = Counter(code for u in users.values() for code, role in roles(u.username)
                            if role in ("trainer", "mentor"))
    assert all(per_programme[code] >= 4 for code in programmes.values())


def test_diaspora_mentors_are_marked_so_their_hours_count_apart(session):
    from models import User

    diaspora = set(session.scalars(select(User.username).where(User.diaspora.is_(True))))
    assert {"mentor", "senad.mujkic", "alma.begic", "emir.softic"} == diaspora


def test_every_demo_target_is_one_the_dashboard_measures(session):
    from models import Programme
    from reports.targets import TARGET_SOURCES

    for programme in session.scalars(select(Programme)):
        unknown = set(programme.targets) - set(TARGET_SOURCES) - set(TARGET_GROUPS)
        assert unknown == set(), programme.code


def test_every_record_was_pushed_by_who_recorded_it(session):
    """The demo writes through the same services as everything else (issue 12): accounts through
    api/accounts, set-up records as the organisation's admin, phone records as their author, all
    through push, which stamps each record with the user who created it."""
    from models import AuditLog, Organisation, OrganisationAdmin
    from security.scope import session_author

    users = {u.id: u.username for u in all_of(session, User)}
    admin = next(i for i, name in users.items() if name == "admin")
    organisation = session.scalar(select(Organisation))
    assert session.scalar(select(OrganisationAdmin.user_id).where(
        OrganisationAdmin.organisation_id == organisation.id)) == admin
    pushed = (Programme, Site, Cohort, Occupation, Skill, Participant, TrainingSession, Attendance, Assessment,
              MentoringGoal, Outcome, SurveyResponse)
    for model in pushed:
        for record in all_of(session, model):
            assert (record.field_meta or {}).get("id", [None] * 3)[2] == record.updated_by_id, (model, record.id)
    for model in (Programme, Site, Cohort, Occupation, Skill):
        assert {users[r.updated_by_id] for r in all_of(session, model)} == {"admin"}, model
    audited = set(session.scalars(select(AuditLog.record_id).where(AuditLog.action == "demo_set_up")))
    assert {r.id for model in (Programme, Site, Cohort, Occupation, Skill) for r in all_of(session, model)} == audited

    trainers = {s.cohort_id: s.user_id for s in all_of(session, CohortStaff) if s.role == "trainer"}
    sessions = {s.id: s for s in all_of(session, TrainingSession)}
    for participant in all_of(session, Participant):
        assert participant.updated_by_id == trainers[participant.cohort_id]
    for assessment in all_of(session, Assessment):
        assert assessment.updated_by_id == assessment.assessor_id == trainers[assessment.cohort_id]
    for mark in all_of(session, Attendance):
        assert mark.updated_by_id == session_author(sessions[mark.session_id])
    mentors_of = {(s.cohort_id, s.user_id) for s in all_of(session, CohortStaff) if s.role == "mentor"}
    for goal in all_of(session, MentoringGoal):
        # a mentor writes the goals of their cohorts' trainees; the coordinator sets up the others
        author = users[goal.updated_by_id]
        assert author == users[goal.mentor_id] if (goal.cohort_id, goal.mentor_id) in mentors_of \
            else author == "coordinator", (author, users[goal.mentor_id])
