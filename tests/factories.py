"""Hand-made records for tests: small, explicit, and logged in the change log like real ones."""
from datetime import date, timedelta
from types import SimpleNamespace

from api.sync.changes import record_change
from models import (Cohort, CohortStaff, MentoringGoal, Membership, Occupation, Organisation, Participant,
                    Programme, RubricLevel, Site, Skill, TrainingSession, User, db)

RUBRIC = ["Not yet", "With help", "Partly alone", "Competent", "Independent"]


def add(record):
    db.session.add(record)
    db.session.flush()
    record_change(db.session, record)
    return record


def make_user(username, password_hash, *roles, display_name=None):
    """roles: (role, programme) pairs."""
    user = User(username=username, display_name=display_name or username.replace("_", " ").title(),
                password_hash=password_hash)
    for role, programme in roles:
        user.memberships.append(Membership(programme_id=programme.id, role=role))
    return add(user)


def make_participant(programme, cohort, code, **fields):
    values = dict(given_name=f"Given{code}", family_name=f"Family{code}", gender="female", birth_year=1999,
                  target_groups=["neet"], consent_on=date(2026, 9, 1), enrolled_on=date(2026, 9, 1))
    values.update(fields)
    return add(Participant(programme_id=programme.id, cohort_id=cohort.id if cohort else None, code=code, **values))


def make_session(cohort, on=None, **fields):
    values = dict(duration_minutes=240, kind="training", topic="Safety and machine set-up")
    values.update(fields)
    return add(TrainingSession(programme_id=cohort.programme_id, cohort_id=cohort.id,
                               date=on or date(2026, 11, 2), **values))


def build_world(password_hash):
    org = Organisation(name="Test Organisation")
    db.session.add(org)
    db.session.flush()
    occupation = add(Occupation(organisation_id=org.id, code="cnc", name="CNC operator"))
    for level, label in enumerate(RUBRIC):
        occupation.rubric.append(RubricLevel(level=level, label=label))
    skills = [add(Skill(occupation_id=occupation.id, position=i, code=f"s{i}", name=name))
              for i, name in enumerate(["Read a drawing", "Set up the machine", "Measure parts"])]
    w = SimpleNamespace(org=org, occupation=occupation, skills=skills)
    for key in ("a", "b"):
        programme = add(Programme(organisation_id=org.id, code=f"prog-{key}", name=f"Programme {key.upper()}",
                                  donor="UNDP", targets={"participants": 20, "jobs": 5}))
        site = add(Site(programme_id=programme.id, name=f"Site {key.upper()}", city="Ključ"))
        cohort = add(Cohort(programme_id=programme.id, site_id=site.id, occupation_id=occupation.id,
                            code=f"{key}1", name=f"Cohort {key.upper()}1", starts_on=date(2026, 9, 1)))
        other_cohort = add(Cohort(programme_id=programme.id, site_id=site.id, occupation_id=occupation.id,
                                  code=f"{key}2", name=f"Cohort {key.upper()}2", starts_on=date(2026, 9, 1)))
        participants = [make_participant(programme, cohort, f"{key.upper()}-{i:03d}") for i in range(1, 4)]
        outsider = make_participant(programme, other_cohort, f"{key.upper()}-900")
        coordinator = make_user(f"coord_{key}", password_hash, ("coordinator", programme))
        trainer = make_user(f"trainer_{key}", password_hash, ("trainer", programme))
        mentor = make_user(f"mentor_{key}", password_hash, ("mentor", programme))
        cohort.staff.append(CohortStaff(user_id=trainer.id, role="trainer"))
        goal = add(MentoringGoal(programme_id=programme.id, cohort_id=outsider.cohort_id,
                                 participant_id=outsider.id, mentor_id=mentor.id, title="Find a workplace",
                                 status="open", due_on=date(2026, 12, 15)))
        session = make_session(cohort)
        setattr(w, key, SimpleNamespace(
            programme=programme, site=site, cohort=cohort, other_cohort=other_cohort,
            participants=participants, outsider=outsider, coordinator=coordinator, trainer=trainer,
            mentor=mentor, goal=goal, session=session,
        ))
    w.admin = make_user("admin", password_hash, ("admin", w.a.programme))
    commit_keeping_attributes()
    return w


def commit_keeping_attributes():
    """Commit without expiring objects, so tests can read ids after the app context ends."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)
