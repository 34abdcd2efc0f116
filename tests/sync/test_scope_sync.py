"""Scope and sync (SYNC.md "Scope", rule 9): evict, records entering the scope, forbidden pushes."""
import uuid
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from api.sync.changes import record_change
from models import WRITABLE_ENTITIES, Cohort, CohortStaff, Conflict, Participant, TrainingSession

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


# Item 5: nothing is filed (a tombstone, a Conflict) before the change passed schema, rules and scope ----------

def _survey_form(in_db, programme_id):
    from models import SurveyForm

    def run(s):
        form = SurveyForm(programme_id=programme_id, code=f"exit-{uuid.uuid4().hex[:6]}", title="Exit survey",
                          questions=[])
        s.add(form)
        s.flush()
        record_change(s, form)
        s.commit()
        return form.id

    return in_db(run)


def _a_record(entity, a, form_id):
    """(id, data) of a valid new record of ``entity`` in programme A: what a user of A could create."""
    from models import attendance_id

    person = a.participants[0]
    return {
        "participant": (str(uuid.uuid4()), {
            "programme_id": a.programme, "cohort_id": a.cohort, "code": f"X-{uuid.uuid4().hex[:6]}",
            "given_name": "Ana", "family_name": "Kovač", "gender": "female", "birth_year": 1999,
            "target_groups": ["neet"], "consent_on": "2026-09-01", "enrolled_on": "2026-09-01"}),
        "session": (str(uuid.uuid4()), {"cohort_id": a.cohort, "date": "2026-11-20", "duration_minutes": 60,
                                        "kind": "training", "topic": "Drawings"}),
        "attendance": (attendance_id(a.session, a.participants[1]),
                       {"session_id": a.session, "participant_id": a.participants[1], "status": "present"}),
        "assessment": (str(uuid.uuid4()), {"participant_id": person, "skill_id": None, "level": 2,
                                           "assessed_on": "2026-11-20"}),
        "mentoring_goal": (str(uuid.uuid4()), {"participant_id": person, "mentor_id": a.mentor, "title": "CV",
                                               "status": "open"}),
        "outcome": (str(uuid.uuid4()), {"participant_id": person, "kind": "employed", "employer_name": "KOFIX",
                                        "started_on": "2026-11-20", "contract": "permanent", "verified": False}),
        "handover_note": (str(uuid.uuid4()), {"participant_id": person, "written_on": "2026-11-20", "note": "CV"}),
        "survey_response": (str(uuid.uuid4()), {"form_id": form_id, "form_version": 1, "participant_id": person,
                                                "answers": {}, "collected_on": "2026-11-20"}),
    }[entity]


def _b_references(entity, b):
    """References placing a tombstone of ``entity`` in programme B (what a delete of an unknown id carries)."""
    return {"participant": {"programme_id": b.programme}, "session": {"cohort_id": b.cohort},
            "attendance": {"session_id": b.session, "participant_id": b.participants[1]}}.get(
        entity, {"participant_id": b.participants[0]} if entity != "survey_response" else {})


def _filed(in_db):
    return in_db(lambda s: s.scalar(select(func.count()).select_from(Conflict)))


def _exists(in_db, entity, record_id):
    from models import SYNCED_MODELS

    return in_db(lambda s: s.get(SYNCED_MODELS[entity], record_id)) is not None


@pytest.mark.parametrize("username", ["coord_b", "trainer_b", "mentor_b"])
@pytest.mark.parametrize("entity", sorted(WRITABLE_ENTITIES))  # a new entity without a row in _a_record fails
@pytest.mark.parametrize("placed", [False, True], ids=["bare-delete", "delete-with-b-references"])
def test_delete_then_upsert_into_another_programme_is_refused_and_files_nothing(ids, device, in_db, username,
                                                                               entity, placed):
    """A user of B deletes an id the server never saw, then upserts it with A's records: nothing lands in A."""
    b_user = device(username)
    record_id, data = _a_record(entity, ids.a, _survey_form(in_db, ids.a.programme))
    if entity == "assessment":
        data["skill_id"] = ids.skills[0]
    references = _b_references(entity, ids.b) if placed else {}
    b_user.sync([change(b_user, entity, record_id, references, op="delete")])
    result = b_user.sync([change(b_user, entity, record_id, data)])["results"][0]
    assert (result["status"], result["reason"]) in {("rejected", "forbidden"), ("rejected", "validation")}, result
    assert _filed(in_db) == 0
    assert not _exists(in_db, entity, record_id)


@pytest.mark.parametrize("bad", [{"topic": ""}, {"duration_minutes": 5000}, {"kind": "party"}, {"colour": "red"},
                                 {"date": "yesterday"}])
def test_an_upsert_to_a_tombstone_must_pass_the_schema_before_it_is_filed(ids, device, in_db, bad):
    trainer = device("trainer_a")
    session_id = str(uuid.uuid4())
    trainer.sync([change(trainer, "session", session_id, {"cohort_id": ids.a.cohort}, op="delete")])
    data = {"cohort_id": ids.a.cohort, "date": "2026-11-20", "duration_minutes": 60, "kind": "training",
            "topic": "Drawings", **bad}
    result = trainer.sync([change(trainer, "session", session_id, data)])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "validation") and set(result["errors"]) == set(bad)
    assert _filed(in_db) == 0


def test_an_upsert_to_a_deleted_record_must_pass_the_cross_record_rules_before_it_is_filed(ids, device, in_db):
    coordinator = device("coord_a")
    made = coordinator.sync([attendance_change(coordinator, ids.a)])["results"][0]
    from models import attendance_id

    record_id = attendance_id(ids.a.session, ids.a.participants[0])
    coordinator.sync([change(coordinator, "attendance", record_id, op="delete", base_version=made["version"])])
    result = coordinator.sync([change(coordinator, "attendance", record_id, {"minutes": 1400})])["results"][0]
    assert (result["reason"], list(result["errors"])) == ("validation", ["minutes"])
    assert _filed(in_db) == 0
    fine = coordinator.sync([change(coordinator, "attendance", record_id, {"minutes": 30})])["results"][0]
    assert (fine["status"], fine["reason"]) == ("rejected", "deleted")
    assert _filed(in_db) == 1


def test_a_tombstone_of_b_cannot_be_claimed_with_records_of_a_even_by_an_admin(ids, device, in_db):
    admin = device("admin")
    record_id, data = _a_record("session", ids.a, None)
    admin.sync([change(admin, "session", record_id, {"cohort_id": ids.b.cohort}, op="delete")])
    result = admin.sync([change(admin, "session", record_id, data)])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "forbidden")
    assert _filed(in_db) == 0
    same_programme = dict(data, cohort_id=ids.b.other_cohort)
    result = admin.sync([change(admin, "session", record_id, same_programme)])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "deleted")
    conflict = in_db(lambda s: s.scalar(select(Conflict)))
    assert conflict.programme_id == ids.b.programme


def test_a_delete_of_an_unknown_id_is_placed_by_what_it_names(ids, device, in_db):
    trainer = device("trainer_a")
    blind_id = str(uuid.uuid4())
    blind = trainer.sync([change(trainer, "session", blind_id, op="delete")])["results"][0]
    assert blind["status"] == "applied"  # SYNC.md rule 6: a bare delete still leaves a tombstone
    revived = trainer.sync([change(trainer, "session", blind_id, _session_data(ids.b.cohort))])["results"][0]
    assert (revived["status"], revived["reason"]) == ("rejected", "forbidden")  # judged by what it carries
    assert _filed(in_db) == 0
    elsewhere = trainer.sync([change(trainer, "session", str(uuid.uuid4()), {"cohort_id": ids.b.cohort},
                                     op="delete")])["results"][0]
    assert elsewhere["reason"] == "forbidden"
    placed = change(trainer, "session", str(uuid.uuid4()), {"cohort_id": ids.a.cohort}, op="delete")
    assert trainer.sync([placed])["results"][0]["status"] == "applied"
    stranger = device("trainer_b")
    again = stranger.sync([dict(placed, mutation_id=str(uuid.uuid4()), data={})])["results"][0]
    assert again["reason"] == "forbidden"  # another programme's tombstone is not theirs to delete either


# Item 6: the cohort's trainers and the programme's coordinators write its sessions; a mentor writes their own ---

def _session_data(cohort_id, topic="Mentoring visit"):
    return {"cohort_id": cohort_id, "date": "2026-11-20", "duration_minutes": 60, "kind": "mentoring",
            "topic": topic}


def _held(device, cohort_id, person):
    """A session of ``cohort_id`` made by ``device`` with ``person`` marked present: (session id, attendance id)."""
    from models import attendance_id

    session_id = str(uuid.uuid4())
    record_id = attendance_id(session_id, person)
    results = device.sync([
        change(device, "session", session_id, _session_data(cohort_id, "Held by someone else")),
        change(device, "attendance", record_id, {"session_id": session_id, "participant_id": person,
                                                  "status": "present"})])["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    return session_id, record_id


def _topic(in_db, session_id):
    return in_db(lambda s: (s.get(TrainingSession, session_id).topic, s.get(TrainingSession, session_id).deleted))


@pytest.mark.parametrize("listed_as_staff", [False, True], ids=["goal-mentor", "cohort-staff-mentor"])
def test_a_mentor_cannot_rewrite_or_delete_others_sessions_nor_their_attendance(ids, device, in_db, listed_as_staff):
    from models import Attendance

    coordinator, mentor = device("coord_a"), device("mentor_a")
    if listed_as_staff:
        _assign(in_db, ids.a.other_cohort, ids.a.mentor, role="mentor")
    session_id, attendance = _held(coordinator, ids.a.other_cohort, ids.a.outsider)
    results = mentor.sync([
        change(mentor, "session", session_id, {"topic": "Renamed by the mentor"}),
        change(mentor, "attendance", attendance, {"status": "absent"}),
        change(mentor, "session", session_id, op="delete"),
    ])["results"]
    assert [(r["status"], r.get("reason")) for r in results] == [("rejected", "forbidden")] * 3
    assert _topic(in_db, session_id) == ("Held by someone else", False)
    assert in_db(lambda s: s.get(Attendance, attendance).status) == "present"
    pulled = {(c["entity"], c["id"]) for c in device("mentor_a").pull_all()}  # what a mentor reads is as before
    assert {("session", session_id), ("attendance", attendance)} <= pulled


def test_a_mentor_cannot_file_conflicts_on_anothers_deleted_session(ids, device, in_db):
    coordinator, mentor = device("coord_a"), device("mentor_a")
    session_id, _attendance = _held(coordinator, ids.a.other_cohort, ids.a.outsider)
    assert coordinator.sync([change(coordinator, "session", session_id, op="delete")])["results"][0][
        "status"] == "applied"
    result = mentor.sync([change(mentor, "session", session_id, {"topic": "Still on"})])["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "forbidden")
    assert _filed(in_db) == 0


def test_a_mentor_listed_as_cohort_staff_no_longer_writes_the_trainers_sessions(ids, device, in_db):
    mentor = device("mentor_a")
    _assign(in_db, ids.a.cohort, ids.a.mentor, role="mentor")
    renamed = mentor.sync([change(mentor, "session", ids.a.session, {"topic": "Mine now"})])["results"][0]
    marked = mentor.sync([attendance_change(mentor, ids.a)])["results"][0]
    assert (renamed["reason"], marked["reason"]) == ("forbidden", "forbidden")
    made = mentor.sync([change(mentor, "session", str(uuid.uuid4()), _session_data(ids.a.cohort))])["results"][0]
    assert made["status"] == "applied"


def test_a_mentor_writes_the_sessions_they_made_their_attendance_and_their_mentees_goals(ids, device, in_db):
    from models import Attendance, MentoringGoal, attendance_id

    mentor = device("mentor_a")
    session_id = str(uuid.uuid4())
    record_id = attendance_id(session_id, ids.a.outsider)
    results = mentor.sync([
        change(mentor, "session", session_id, _session_data(ids.a.other_cohort)),
        change(mentor, "attendance", record_id, {"session_id": session_id, "participant_id": ids.a.outsider,
                                                  "status": "present"}),
        change(mentor, "mentoring_goal", ids.a.goal, {"notes": "CV written", "status": "in_progress"}),
    ])["results"]
    assert [r["status"] for r in results] == ["applied"] * 3, results
    later = mentor.sync([change(mentor, "session", session_id, {"topic": "Interview practice"}),
                         change(mentor, "attendance", record_id, {"status": "late", "minutes": 40})])["results"]
    assert [r["status"] for r in later] == ["applied"] * 2, later
    assert in_db(lambda s: s.get(MentoringGoal, ids.a.goal).notes) == "CV written"
    assert in_db(lambda s: s.get(Attendance, record_id).minutes) == 40
    gone = mentor.sync([change(mentor, "session", session_id, op="delete")])["results"][0]
    assert gone["status"] == "applied" and _topic(in_db, session_id) == ("Interview practice", True)


@pytest.mark.parametrize("username", ["trainer_a", "coord_a", "admin"])
def test_the_cohorts_trainer_and_the_programmes_coordinators_write_every_session_of_it(ids, device, in_db, username):
    mentor, writer = device("mentor_a"), device(username)
    _assign(in_db, ids.a.cohort, ids.a.mentor, role="mentor")
    made = mentor.sync([change(mentor, "session", str(uuid.uuid4()), _session_data(ids.a.cohort))])["results"][0]
    mentors_session = in_db(lambda s: s.scalar(select(TrainingSession.id).where(
        TrainingSession.version == made["version"])))
    results = writer.sync([change(writer, "session", mentors_session, {"topic": "Checked"}),
                           change(writer, "session", ids.a.session, {"topic": "Checked too"}),
                           attendance_change(writer, ids.a)])["results"]
    assert all(r["status"] in ("applied", "conflict") for r in results), results  # conflict: no base_version


def test_a_session_made_outside_sync_is_its_named_writers(ids, device, in_db):
    """The demo and imports make sessions without sync's stamps; the user they name as writer made them."""
    def made_by(user_id):
        def run(s):
            session = TrainingSession(programme_id=ids.a.programme, cohort_id=ids.a.other_cohort,
                                      date=date(2026, 11, 3), duration_minutes=45, kind="mentoring", topic="Visit",
                                      updated_by_id=user_id)
            s.add(session)
            s.flush()
            record_change(s, session)
            s.commit()
            return session.id

        return in_db(run)

    mine, theirs = made_by(ids.a.mentor), made_by(ids.a.coordinator)
    mentor = device("mentor_a")
    results = mentor.sync([change(mentor, "session", mine, {"topic": "Visit at KOFIX"}),
                           change(mentor, "session", theirs, {"topic": "Visit at KOFIX"})])["results"]
    assert [(r["status"], r.get("reason")) for r in results] == [("applied", None), ("rejected", "forbidden")]
