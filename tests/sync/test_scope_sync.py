"""Scope and sync (SYNC.md "Scope", rule 9): evict, records entering the scope, forbidden pushes."""
import uuid

from sqlalchemy import delete

from api.sync.changes import record_change
from models import Cohort, CohortStaff, Participant

from .conftest import attendance_change, change


def test_a_record_that_moves_out_of_the_trainers_cohort_is_evicted_not_deleted(ids, device):
    trainer, coordinator = device("trainer_a"), device("coord_a")
    trainer.pull_all()
    person = ids.a.participants[0]
    moved = coordinator.sync([change(coordinator, "participant", person, {"cohort_id": ids.a.other_cohort})])
    assert moved["results"][0]["status"] == "applied"
    pulled = trainer.sync()["changes"]
    assert [(c["entity"], c["id"], c["op"]) for c in pulled] == [("participant", person, "evict")]
    assert coordinator.sync()["changes"] == []  # still in the coordinator's scope: nothing to evict there


def test_a_record_that_moves_into_the_scope_comes_in_full(ids, device):
    trainer, coordinator = device("trainer_a"), device("coord_a")
    trainer.pull_all()
    coordinator.sync([change(coordinator, "participant", ids.a.outsider, {"cohort_id": ids.a.cohort})])
    pulled = trainer.sync()["changes"]
    assert [(c["id"], c["op"]) for c in pulled] == [(ids.a.outsider, "upsert")]
    assert pulled[0]["data"]["given_name"]


def _assign(in_db, cohort_id, user_id, role="trainer", remove=False):
    def run(s):
        if remove:
            s.execute(delete(CohortStaff).where(CohortStaff.cohort_id == cohort_id, CohortStaff.user_id == user_id))
        else:
            s.add(CohortStaff(cohort_id=cohort_id, user_id=user_id, role=role))
        s.flush()
        record_change(s, s.get(Cohort, cohort_id))
        s.commit()

    in_db(run)


def test_a_cohort_given_to_a_trainer_arrives_in_full_whatever_the_cursor(ids, device, in_db):
    trainer = device("trainer_a")
    trainer.pull_all()
    _assign(in_db, ids.a.other_cohort, ids.a.trainer)
    pulled = trainer.pull_all()
    got = {(c["entity"], c["id"]) for c in pulled}
    assert ("cohort", ids.a.other_cohort) in got
    assert ("participant", ids.a.outsider) in got  # last changed long before the cursor
    assert ("mentoring_goal", ids.a.goal) in got
    assert all(c["op"] == "upsert" for c in pulled)
    assert trainer.sync()["changes"] == []


def test_a_cohort_taken_from_a_trainer_is_evicted_record_by_record(ids, device, in_db):
    trainer = device("trainer_a")
    trainer.pull_all()
    _assign(in_db, ids.a.cohort, ids.a.trainer, remove=True)
    pulled = trainer.pull_all()
    evicted = {(c["entity"], c["id"]) for c in pulled if c["op"] == "evict"}
    assert {("session", ids.a.session), ("cohort", ids.a.cohort)} <= evicted
    assert {("participant", p) for p in ids.a.participants} <= evicted
    assert not any(c["op"] == "upsert" and c["entity"] == "participant" for c in pulled)


def test_the_catch_up_is_paged_like_any_pull(ids, device, in_db):
    trainer = device("trainer_a")
    trainer.pull_all()
    _assign(in_db, ids.a.other_cohort, ids.a.trainer)
    pages = []
    while True:
        payload = trainer.sync(pull_limit=1)
        pages.append(payload["changes"])
        if not payload["more"]:
            break
    assert len(pages) >= 3 and all(len(p) <= 1 for p in pages)
    assert ("participant", ids.a.outsider) in {(c["entity"], c["id"]) for p in pages for c in p}


def test_a_new_mentee_brings_their_records_to_the_mentor(ids, device):
    mentor, coordinator = device("mentor_a"), device("coord_a")
    first = {(c["entity"], c["id"]) for c in mentor.pull_all()}
    person = ids.a.participants[0]
    assert ("participant", person) not in first and ("participant", ids.a.outsider) in first
    marked = coordinator.sync([attendance_change(coordinator, ids.a, person=0)])["results"][0]
    assert marked["status"] == "applied"
    goal = change(coordinator, "mentoring_goal", str(uuid.uuid4()),
                  {"participant_id": person, "mentor_id": ids.a.mentor, "title": "CNC certificate", "status": "open"})
    assert coordinator.sync([goal])["results"][0]["status"] == "applied"
    got = {(c["entity"], c["id"]) for c in mentor.pull_all()}
    assert {("participant", person), ("mentoring_goal", goal["id"])} <= got
    assert ("session", ids.a.session) in got  # the mentee's cohort's sessions come along


def test_a_reference_to_a_record_of_another_programme_is_forbidden(ids, device, in_db):
    coordinator = device("coord_a")
    goal = change(coordinator, "mentoring_goal", str(uuid.uuid4()),
                  {"participant_id": ids.b.participants[0], "mentor_id": ids.a.mentor, "title": "x", "status": "open"})
    result = coordinator.sync([goal])["results"][0]
    assert (result["reason"], list(result["errors"])) == ("forbidden", ["participant_id"])


def test_an_admin_sees_and_writes_across_programmes(ids, device):
    admin = device("admin")
    got = {(c["entity"], c["id"]) for c in admin.pull_all()}
    assert ("session", ids.a.session) in got and ("session", ids.b.session) in got
    assert admin.sync([attendance_change(admin, ids.b)])["results"][0]["status"] == "applied"


def test_a_trainer_cannot_move_a_participant_into_a_cohort_they_do_not_train(ids, device, in_db):
    trainer = device("trainer_a")
    result = trainer.sync([change(trainer, "participant", ids.a.participants[0],
                                  {"cohort_id": ids.a.other_cohort})])["results"][0]
    assert result["reason"] == "forbidden"
    assert in_db(lambda s: s.get(Participant, ids.a.participants[0]).cohort_id) == ids.a.cohort
