"""No IDOR: every read endpoint × role × a record of another programme → refused.

The matrix is built from models.SYNCED_MODELS, so a new entity is covered
without touching this file.
"""
import pytest
from sqlalchemy import select

from models import SYNCED_MODELS, Attendance, Outcome, attendance_id
from tests.factories import add

ROLES_OF_A = ["coord_a", "trainer_a", "mentor_a"]
#: entities whose records belong to one programme (the others are organisation-wide reference data)
PROGRAMME_ENTITIES = sorted(e for e, m in SYNCED_MODELS.items() if hasattr(m, "programme_id") or e == "programme")


@pytest.fixture
def b_records(world, db_session):
    """One record of every programme-bound entity, in programme B."""
    from datetime import date

    from models import Assessment, HandoverNote, Occupation, Review, Skill, SurveyForm, SurveyResponse

    b = world.b
    participant = b.participants[0]
    attendance = add(Attendance(id=attendance_id(b.session.id, participant.id), programme_id=b.programme.id,
                                cohort_id=b.cohort.id, session_id=b.session.id, participant_id=participant.id,
                                status="present"))
    assessment = add(Assessment(programme_id=b.programme.id, cohort_id=b.cohort.id, participant_id=participant.id,
                                skill_id=world.skills[0].id, level=2, assessed_on=date(2026, 11, 2)))
    outcome = add(Outcome(programme_id=b.programme.id, cohort_id=b.cohort.id, participant_id=participant.id,
                          kind="employed", employer_name="KOFIX", started_on=date(2026, 11, 20),
                          contract="permanent"))
    form = add(SurveyForm(programme_id=b.programme.id, code="exit", title="Exit survey", questions=[]))
    response = add(SurveyResponse(programme_id=b.programme.id, cohort_id=b.cohort.id, form_id=form.id,
                                  form_version=1, participant_id=participant.id, answers={},
                                  collected_on=date(2026, 11, 20)))
    trade = add(Occupation(organisation_id=world.org.id, programme_id=b.programme.id,
                           copied_from_id=world.occupation.id, code="cnc.b", name="CNC operator (B)"))
    skill = add(Skill(occupation_id=trade.id, programme_id=b.programme.id, position=0, code="s0", name="Read"))
    review = add(Review(record_entity="attendance", record_id=attendance.id, programme_id=b.programme.id,
                        cohort_id=b.cohort.id, participant_id=participant.id, status="flagged", comment="Check"))
    handover = add(HandoverNote(programme_id=b.programme.id, cohort_id=b.cohort.id, participant_id=participant.id,
                                written_on=date(2026, 11, 21), note="Wants to weld.\nCall the firm."))
    from tests.factories import commit_keeping_attributes

    commit_keeping_attributes()
    return {
        "programme": b.programme.id, "site": b.site.id, "cohort": b.cohort.id, "participant": participant.id,
        "session": b.session.id, "attendance": attendance.id, "assessment": assessment.id,
        "mentoring_goal": b.goal.id, "outcome": outcome.id, "survey_form": form.id,
        "survey_response": response.id, "review": review.id, "occupation": trade.id, "skill": skill.id,
        "handover_note": handover.id,
    }


def test_matrix_covers_every_programme_entity(b_records):
    assert sorted(b_records) == PROGRAMME_ENTITIES


@pytest.mark.parametrize("username", ROLES_OF_A)
@pytest.mark.parametrize("entity", PROGRAMME_ENTITIES)
def test_record_of_another_programme_is_refused(world, api, b_records, username, entity):
    device = api(username)
    record_id = b_records[entity]
    response = device.get(f"/{entity}/{record_id}")
    assert response.status_code == 404, response.get_json()
    assert response.get_json()["code"] == 404
    listed = device.get(f"/{entity}?per_page=500").get_json()["items"]
    assert record_id not in {item["id"] for item in listed}


@pytest.mark.parametrize("entity", PROGRAMME_ENTITIES)
def test_admin_of_the_organisation_sees_every_programme(world, api, b_records, entity):
    assert api("admin").get(f"/{entity}/{b_records[entity]}").status_code == 200


def test_coordinator_b_sees_own_programme(world, api, b_records):
    device = api("coord_b")
    for entity, record_id in b_records.items():
        assert device.get(f"/{entity}/{record_id}").status_code == 200, entity


def test_trainer_sees_only_cohorts_they_train(world, api):
    device = api("trainer_a")
    ids = {p["id"] for p in device.get("/participant").get_json()["items"]}
    assert ids == {p.id for p in world.a.participants}
    assert device.get(f"/participant/{world.a.outsider.id}").status_code == 404


def test_mentor_sees_mentees_by_goal_but_not_the_rest_of_their_cohort(world, api):
    device = api("mentor_a")
    ids = {p["id"] for p in device.get("/participant").get_json()["items"]}
    assert ids == {world.a.outsider.id}
    goals = device.get("/mentoring_goal").get_json()["items"]
    assert [g["id"] for g in goals] == [world.a.goal.id]


def test_reads_of_personal_data_are_audited(world, api, db_session):
    from models import AuditLog

    api("coord_a").get(f"/participant/{world.a.participants[0].id}")
    row = db_session.scalar(select(AuditLog).where(AuditLog.action == "read"))
    assert row.entity == "participant" and row.record_id == world.a.participants[0].id


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=100000", "per_page=-1"])
def test_nonsense_paging_is_400(world, api, query):
    response = api("coord_a").get(f"/participant?{query}")
    assert response.status_code == 400 and response.get_json()["errors"]
