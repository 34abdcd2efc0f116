"""Refusals name the field and speak the user's words (issue 14 item 2): marshmallow's English defaults
("Missing data for required field.", "Unknown field.", "Field may not be null.") never reach a phone."""
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import change

MARSHMALLOW_DEFAULTS = {"Missing data for required field.", "Unknown field.", "Field may not be null.",
                        "Not a valid string.", "Not a valid list.", "Invalid input type."}
REQUIRED = ["given_name", "family_name", "gender", "birth_year", "consent_on", "enrolled_on"]


def person(ids):
    return {"programme_id": ids.a.programme, "cohort_id": ids.a.cohort, "given_name": "Ana", "family_name": "Ivić",
            "gender": "female", "birth_year": 2000, "consent_on": "2026-10-01", "enrolled_on": "2026-10-01"}


def texts(messages):
    if isinstance(messages, dict):
        return [t for value in messages.values() for t in texts(value)]
    if isinstance(messages, list):
        return [t for value in messages for t in texts(value)]
    assert isinstance(messages, str)
    return [messages]


def test_missing_null_unknown_and_mistyped_fields_are_refused_in_the_apps_words(ids, device):
    d = device("trainer_a")
    data = {**person(ids), "given_name": None, "shoe_size": 42, "target_groups": "neet", "family_name": 7}
    del data["gender"]
    result = d.sync([change(d, "participant", str(uuid.uuid4()), data)])["results"][0]
    assert result["status"] == "rejected" and result["reason"] == "validation"
    assert result["errors"] == {"given_name": ["This field may not be empty."], "gender": ["This field is required."],
                                "shoe_size": ["This record has no such field."],
                                "target_groups": ["This value has the wrong type."],
                                "family_name": ["This value has the wrong type."]}


def test_any_broken_participant_is_refused_naming_its_fields_in_words(ids, device):
    d = device("trainer_a")

    @settings(max_examples=15, deadline=None)
    @given(drop=st.sets(st.sampled_from(REQUIRED), min_size=1),
           nulls=st.sets(st.sampled_from(REQUIRED + ["code", "target_groups"])),
           extra=st.dictionaries(st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(lambda k: k not in REQUIRED + ["code"]),
                                 st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3))
    def check(drop, nulls, extra):
        data = {**person(ids), **{k: None for k in nulls}, **{k: v for k, v in extra.items() if k not in person(ids)}}
        for name in drop:
            data.pop(name, None)
        result = d.sync([change(d, "participant", str(uuid.uuid4()), data)])["results"][0]
        assert result["status"] == "rejected" and result["reason"] == "validation"
        assert set(result["errors"]) >= drop - nulls
        for message in texts(result["errors"]):
            assert message and message not in MARSHMALLOW_DEFAULTS

    check()
