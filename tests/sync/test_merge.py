"""SYNC.md rules 4 and 5: field-level merge by HLC, the clock-skew clamp, no silent overwrite."""
from sqlalchemy import select

from models import Conflict, Participant

from .conftest import change, hlc


def pulled_version(d, entity, record_id):
    return next(c["version"] for c in d.pull_all() if c["id"] == record_id and c["entity"] == entity)


def test_edits_of_different_fields_offline_both_survive_without_conflict(ids, device, in_db):
    phone, laptop = device("trainer_a"), device("coord_a")
    person = ids.a.participants[0]
    base = pulled_version(phone, "participant", person)
    a = phone.sync([change(phone, "participant", person, {"given_name": "Amra"}, base_version=base)])["results"][0]
    b = laptop.sync([change(laptop, "participant", person, {"exit_reason": None, "birth_year": 1997},
                            base_version=base)])["results"][0]
    assert (a["status"], b["status"]) == ("applied", "applied")
    record = in_db(lambda s: s.get(Participant, person))
    assert (record.given_name, record.birth_year) == ("Amra", 1997)
    assert in_db(lambda s: s.scalars(select(Conflict)).all()) == []


def test_the_same_field_edited_concurrently_keeps_the_newer_hlc_and_files_a_conflict(ids, device, in_db):
    phone, laptop = device("trainer_a"), device("coord_a")
    person = ids.a.participants[1]
    base = pulled_version(phone, "participant", person)
    newer = change(laptop, "participant", person, {"family_name": "Hadžić"}, base_version=base,
                   at=hlc(laptop.device_id, offset_seconds=-5))
    older = change(phone, "participant", person, {"family_name": "Hodžić"}, base_version=base,
                   at=hlc(phone.device_id, offset_seconds=-30))
    assert laptop.sync([newer])["results"][0]["status"] == "applied"
    lost = phone.sync([older])["results"][0]
    assert lost["status"] == "conflict" and lost["version"] >= base
    assert in_db(lambda s: s.get(Participant, person).family_name) == "Hadžić"
    conflict = in_db(lambda s: s.scalar(select(Conflict).where(Conflict.record_id == person)))
    assert (conflict.kind, conflict.field, conflict.kept_value, conflict.other_value) == (
        "field", "family_name", "Hadžić", "Hodžić")
    assert (conflict.kept_hlc, conflict.other_hlc) == (newer["hlc"], older["hlc"])
    assert (conflict.kept_by_id, conflict.other_by_id) == (ids.a.coordinator, ids.a.trainer)
    assert (conflict.mutation_id, conflict.device_id) == (older["mutation_id"], phone.device_id)


def test_overwriting_a_value_written_after_the_base_version_by_someone_else_is_a_conflict(ids, device, in_db):
    phone, laptop = device("trainer_a"), device("coord_a")
    person = ids.a.participants[2]
    base = pulled_version(phone, "participant", person)
    laptop.sync([change(laptop, "participant", person, {"given_name": "Selma"}, base_version=base,
                        at=hlc(laptop.device_id, offset_seconds=-20))])
    later = phone.sync([change(phone, "participant", person, {"given_name": "Sara"}, base_version=base)])
    result = later["results"][0]
    assert result["status"] == "conflict"
    assert in_db(lambda s: s.get(Participant, person).given_name) == "Sara"  # the merge still happens
    conflict = in_db(lambda s: s.scalar(select(Conflict).where(Conflict.record_id == person)))
    assert (conflict.kept_value, conflict.other_value, conflict.other_by_id) == ("Sara", "Selma", ids.a.coordinator)
    echoed = [c for c in later["changes"] if c["id"] == person]
    assert echoed and echoed[0]["data"]["given_name"] == "Sara"  # the merged record comes back to the phone


def test_a_devices_own_edits_arriving_out_of_order_keep_the_newest_without_conflict(ids, device, in_db):
    phone = device("trainer_a")
    person = ids.a.participants[0]
    base = pulled_version(phone, "participant", person)
    first = change(phone, "participant", person, {"given_name": "First"}, base_version=base,
                   at=hlc(phone.device_id, offset_seconds=-10))
    second = change(phone, "participant", person, {"given_name": "Second"}, base_version=base,
                    at=hlc(phone.device_id, offset_seconds=-5))
    results = phone.sync([second, first])["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert in_db(lambda s: s.get(Participant, person).given_name) == "Second"
    assert in_db(lambda s: s.scalars(select(Conflict)).all()) == []


def test_a_losing_field_with_the_same_value_is_no_conflict(ids, device, in_db):
    phone, laptop = device("trainer_a"), device("coord_a")
    person = ids.a.participants[0]
    base = pulled_version(phone, "participant", person)
    laptop.sync([change(laptop, "participant", person, {"gender": "other"}, base_version=base)])
    result = phone.sync([change(phone, "participant", person, {"gender": "other"}, base_version=base,
                                at=hlc(phone.device_id, offset_seconds=-60))])["results"][0]
    assert result["status"] == "applied"


def test_an_hlc_far_ahead_of_the_server_clock_is_lowered_and_still_applies(ids, device, in_db):
    skewed, honest = device("trainer_a"), device("coord_a")
    person = ids.a.participants[1]
    base = pulled_version(skewed, "participant", person)
    future = change(skewed, "participant", person, {"given_name": "Future"}, base_version=base,
                    at=hlc(skewed.device_id, offset_seconds=3600))
    assert skewed.sync([future])["results"][0]["status"] == "applied"
    stored = in_db(lambda s: s.get(Participant, person).field_meta["given_name"][0])
    assert stored < future["hlc"] and stored.endswith(skewed.device_id)
    # without the clamp the skewed phone would win for an hour; now a later honest edit wins
    honest_edit = change(honest, "participant", person, {"given_name": "Now"}, base_version=base,
                         at=hlc(honest.device_id, offset_seconds=1))
    honest.sync([honest_edit])
    assert in_db(lambda s: s.get(Participant, person).given_name) == "Now"


def test_an_hlc_within_the_allowed_skew_is_kept_as_sent(ids, device, in_db):
    d = device("trainer_a")
    person = ids.a.participants[2]
    edit = change(d, "participant", person, {"given_name": "Soon"}, at=hlc(d.device_id, offset_seconds=30))
    d.sync([edit])
    assert in_db(lambda s: s.get(Participant, person).field_meta["given_name"][0]) == edit["hlc"]


def test_a_delete_of_a_record_someone_else_edited_after_the_base_version_is_a_conflict(ids, device, in_db):
    phone, laptop = device("trainer_a"), device("coord_a")
    person = ids.a.participants[0]
    base = pulled_version(phone, "participant", person)
    laptop.sync([change(laptop, "participant", person, {"given_name": "Edited"}, base_version=base)])
    result = phone.sync([change(phone, "participant", person, op="delete", base_version=base)])["results"][0]
    assert result["status"] == "conflict"
    assert in_db(lambda s: s.get(Participant, person).deleted)
    conflict = in_db(lambda s: s.scalar(select(Conflict).where(Conflict.record_id == person)))
    assert conflict.kind == "deleted" and conflict.other_value["given_name"] == "Edited"
