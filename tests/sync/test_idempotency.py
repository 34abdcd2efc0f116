"""SYNC.md rules 2 and 10 at their edges: whose mutation_id is a duplicate, and what a base_version may be."""
import uuid

import pytest
from sqlalchemy import func, select

from models import AppliedMutation, Conflict, Participant, TrainingSession

from .conftest import attendance_change, change, hlc
from .test_merge import pulled_version

BIGINT_MAX = 2 ** 63 - 1


def new_session(device, cohort_id, topic="Reading drawings", mutation_id=None):
    return change(device, "session", str(uuid.uuid4()),
                  {"cohort_id": cohort_id, "date": "2026-11-20", "duration_minutes": 120, "kind": "training",
                   "topic": topic}, mutation_id=mutation_id)


# the ledger: one per user and device ----------------------------------------------------------

def test_another_users_change_that_reuses_a_mutation_id_is_applied_on_its_own_merits(ids, device, in_db):
    mine, theirs = device("trainer_a"), device("trainer_b")
    reused = str(uuid.uuid4())
    first = mine.sync([new_session(mine, ids.a.cohort, "Programme A", mutation_id=reused)])["results"][0]
    second = theirs.sync([new_session(theirs, ids.b.cohort, "Programme B", mutation_id=reused)])["results"][0]
    assert first["status"] == "applied"
    assert second["status"] == "applied" and second["version"] > first["version"]
    topics = in_db(lambda s: set(s.scalars(select(TrainingSession.topic))))
    assert {"Programme A", "Programme B"} <= topics
    # each user's own retry of it is still a duplicate, answered with that user's own version
    assert theirs.sync([new_session(theirs, ids.b.cohort, "again", mutation_id=reused)])["results"][0] == {
        "mutation_id": reused, "status": "duplicate", "version": second["version"]}
    assert mine.sync([new_session(mine, ids.a.cohort, "again", mutation_id=reused)])["results"][0] == {
        "mutation_id": reused, "status": "duplicate", "version": first["version"]}
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(AppliedMutation)
                                    .where(AppliedMutation.mutation_id == reused))) == 2


def test_the_same_users_other_device_reusing_a_mutation_id_is_judged_on_its_merits(ids, device, in_db):
    phone, tablet = device("trainer_a"), device("trainer_a")
    reused = str(uuid.uuid4())
    assert phone.sync([attendance_change(phone, ids.a, person=0, mutation_id=reused)])["results"][0][
        "status"] == "applied"
    other = tablet.sync([attendance_change(tablet, ids.a, person=1, status="late", mutation_id=reused)])["results"][0]
    assert other["status"] == "applied"
    assert phone.sync([attendance_change(phone, ids.a, person=2, mutation_id=reused)])["results"][0][
        "status"] == "duplicate"


# base_version: bounded, and one the server never gave is unknown ------------------------------

@pytest.mark.parametrize("base_version", [-1, BIGINT_MAX + 1, 2 ** 70, 1.5, "7", True])
def test_a_base_version_out_of_bounds_is_rejected_for_that_change_only(ids, device, in_db, base_version):
    d = device("trainer_a")
    good = attendance_change(d, ids.a, person=0)
    bad = attendance_change(d, ids.a, person=1, base_version=base_version)
    results = d.sync([good, bad])["results"]
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["reason"] == "validation" and list(results[1]["errors"]) == ["base_version"]


def test_the_largest_bigint_base_version_is_accepted(ids, device):
    d = device("trainer_a")
    assert d.sync([attendance_change(d, ids.a, base_version=BIGINT_MAX)])["results"][0]["status"] == "applied"


def test_a_base_version_above_the_records_version_is_unknown_and_cannot_dodge_a_conflict(ids, device, in_db):
    """As after a server restore: the phone holds versions the server never gave. Its edit is
    merged as a concurrent one (never refused), and overwriting someone else's newer value is a conflict."""
    phone, laptop = device("trainer_a"), device("coord_a")
    person = ids.a.participants[0]
    base = pulled_version(phone, "participant", person)
    edited = laptop.sync([change(laptop, "participant", person, {"given_name": "Selma"}, base_version=base,
                                 at=hlc(laptop.device_id, offset_seconds=-20))])["results"][0]
    ahead = change(phone, "participant", person, {"given_name": "Sara"}, base_version=edited["version"] + 1000)
    result = phone.sync([ahead])["results"][0]
    assert result["status"] == "conflict"
    assert in_db(lambda s: s.get(Participant, person).given_name) == "Sara"  # merged all the same
    conflict = in_db(lambda s: s.scalar(select(Conflict).where(Conflict.record_id == person)))
    assert (conflict.kept_value, conflict.other_value) == ("Sara", "Selma")


def test_a_delete_with_a_base_version_from_the_future_is_a_conflict_not_a_silent_delete(ids, device, in_db):
    phone, laptop = device("trainer_a"), device("coord_a")
    session = ids.a.session
    base = pulled_version(phone, "session", session)
    edited = laptop.sync([change(laptop, "session", session, {"topic": "Moved to Friday"},
                                 base_version=base)])["results"][0]
    gone = phone.sync([change(phone, "session", session, op="delete", base_version=edited["version"] + 5)])
    assert gone["results"][0]["status"] == "conflict"
    assert in_db(lambda s: s.scalar(select(Conflict.kind).where(Conflict.record_id == session))) == "deleted"


def test_a_phone_restored_ahead_of_the_server_keeps_syncing_its_own_edits(ids, device, in_db):
    phone = device("trainer_a")
    person = ids.a.participants[1]
    base = pulled_version(phone, "participant", person)
    result = phone.sync([change(phone, "participant", person, {"given_name": "Lejla"},
                                base_version=base + 10_000)])["results"][0]
    assert result["status"] == "applied" and result["version"] > base
    assert in_db(lambda s: s.get(Participant, person).given_name) == "Lejla"
