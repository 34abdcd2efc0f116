"""Participant codes the server assigns when a phone creates a participant without one (docs/sync.md)."""
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import Participant
from tests.sync.conftest import change


def person(programme_id, cohort_id, **extra):
    return {"programme_id": programme_id, "cohort_id": cohort_id, "given_name": "Amra", "family_name": "Čaušević",
            "gender": "female", "birth_year": 2001, "consent_on": "2026-10-01", "enrolled_on": "2026-10-01",
            **extra}


def codes_of(in_db, programme_id):
    return in_db(lambda s: s.scalars(select(Participant.code).where(Participant.programme_id == programme_id)).all())


def test_a_participant_sent_without_a_code_gets_the_programmes_next_one_in_its_result(ids, device, in_db):
    d = device("trainer_a")
    record_id = str(uuid.uuid4())
    payload = d.sync([change(d, "participant", record_id, person(ids.a.programme, ids.a.cohort))])
    result = payload["results"][0]
    assert result["status"] == "applied"
    assert result["data"] == {"code": "prog-a-0001"}
    assert in_db(lambda s: s.get(Participant, record_id).code) == "prog-a-0001"
    # rule 9: the same request's pull leaves the record out; the result is where the phone learns it
    assert record_id not in {c["id"] for c in payload["changes"]}


def test_many_new_people_in_one_request_and_across_requests_never_share_a_code(ids, device, in_db):
    d, other = device("trainer_a"), device("coord_a")
    first = d.sync([change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort))
                    for _ in range(30)])["results"]
    second = other.sync([change(other, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.other_cohort))
                         for _ in range(5)])["results"]
    given_out = [r["data"]["code"] for r in first + second]
    assert len(set(given_out)) == 35
    assert given_out[0] == "prog-a-0001" and given_out[-1] == "prog-a-0035"
    codes = codes_of(in_db, ids.a.programme)
    assert len(codes) == len(set(codes))


def test_numbers_follow_the_highest_used_including_deleted_and_typed_ones(ids, device, in_db):
    d = device("coord_a")
    typed = str(uuid.uuid4())
    assert d.sync([change(d, "participant", typed, person(ids.a.programme, ids.a.cohort, code="prog-a-0041"))]
                  )["results"][0]["status"] == "applied"
    assert d.sync([change(d, "participant", typed, op="delete")])["results"][0]["status"] == "applied"
    result = d.sync([change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort))])["results"][0]
    assert result["data"]["code"] == "prog-a-0042"


def test_a_code_the_phone_sends_is_still_checked_and_a_clash_rejected(ids, device):
    d = device("trainer_a")
    assigned = d.sync([change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort))]
                      )["results"][0]["data"]["code"]
    clash = d.sync([change(d, "participant", str(uuid.uuid4()),
                           person(ids.a.programme, ids.a.cohort, code=assigned))])["results"][0]
    assert (clash["status"], clash["reason"]) == ("rejected", "validation")
    assert "code" in clash["errors"] and "data" not in clash
    existing = d.sync([change(d, "participant", str(uuid.uuid4()),
                              person(ids.a.programme, ids.a.cohort, code="A-001"))])["results"][0]
    assert existing["status"] == "rejected" and "code" in existing["errors"]


def test_a_code_typed_later_in_the_same_request_that_the_server_gave_out_is_a_clash(ids, device):
    d = device("trainer_a")
    results = d.sync([change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort)),
                      change(d, "participant", str(uuid.uuid4()),
                             person(ids.a.programme, ids.a.cohort, code="prog-a-0001"))])["results"]
    assert results[0]["data"]["code"] == "prog-a-0001"
    assert results[1]["status"] == "rejected" and "code" in results[1]["errors"]


def test_a_replayed_create_answers_duplicate_with_the_same_code(ids, device):
    d = device("trainer_a")
    create = change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort))
    first = d.sync([create])["results"][0]
    again = d.sync([create, create])["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert all(r["data"] == first["data"] for r in again)


def test_within_one_request_the_second_copy_of_a_create_carries_the_code_too(ids, device):
    d = device("trainer_a")
    create = change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort))
    first, second = d.sync([create, create])["results"]
    assert first["status"] == "applied" and second["status"] == "duplicate"
    assert second["data"] == first["data"]


def test_no_code_is_given_out_for_a_refused_person_and_another_programmes_is_forbidden(ids, device, in_db):
    d = device("trainer_a")
    bad = d.sync([change(d, "participant", str(uuid.uuid4()), person(ids.a.programme, ids.a.cohort, birth_year=1800)),
                  change(d, "participant", str(uuid.uuid4()), person(ids.b.programme, ids.b.cohort))])["results"]
    assert [(r["status"], r["reason"]) for r in bad] == [("rejected", "validation"), ("rejected", "forbidden")]
    assert all("data" not in r for r in bad)
    assert "code" not in bad[0]["errors"]


def test_an_update_needs_no_code_and_a_null_code_is_refused(ids, device):
    d = device("trainer_a")
    record_id = str(uuid.uuid4())
    d.sync([change(d, "participant", record_id, person(ids.a.programme, ids.a.cohort))])
    renamed = d.sync([change(d, "participant", record_id, {"given_name": "Amela"}, base_version=None)])["results"][0]
    assert renamed["status"] == "applied" and "data" not in renamed
    nulled = d.sync([change(d, "participant", record_id, {"code": None})])["results"][0]
    assert nulled["status"] == "rejected" and "code" in nulled["errors"]


def test_codes_already_in_the_programme_of_any_shape_never_break_the_numbering(ids, device, in_db):
    """Typed codes that look like the pattern, half of it or nothing like it: the next code is still free."""
    d = device("coord_a")

    @settings(max_examples=25, deadline=None)
    @given(suffix=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=9))
    def check(suffix):
        sent = d.sync([change(d, "participant", str(uuid.uuid4()),
                              person(ids.a.programme, ids.a.cohort, code=f"prog-a-{suffix}"))])["results"][0]
        assert sent["status"] in ("applied", "rejected")
        result = d.sync([change(d, "participant", str(uuid.uuid4()),
                                person(ids.a.programme, ids.a.cohort))])["results"][0]
        assert result["status"] == "applied", result
        codes = codes_of(in_db, ids.a.programme)
        assert len(codes) == len(set(codes))

    check()
