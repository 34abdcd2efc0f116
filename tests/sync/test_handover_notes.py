"""Handover notes as dated entries (issue 14 item 8, docs/sync.md "Handover notes")."""
import uuid
from datetime import date

from hypothesis import given, strategies as st

from cli.handover import split_notes

from .conftest import change


def _note(device, person, text="Agreed: two applications\nCall on Friday", **extra):
    return change(device, "handover_note", str(uuid.uuid4()),
                  {"participant_id": person, "written_on": "2026-11-20", "note": text, **extra})


def test_a_mentor_adds_entries_their_mentees_mentors_and_coordinators_pull(ids, device):
    mentor, coordinator, other = device("mentor_a"), device("coord_a"), device("mentor_b")
    first = _note(mentor, ids.a.outsider, goal_id=ids.a.goal)
    second = _note(mentor, ids.a.outsider, "Second visit")
    assert [r["status"] for r in mentor.sync([first, second])["results"]] == ["applied", "applied"]
    got = {c["id"]: c["data"] for c in coordinator.pull_all() if c["entity"] == "handover_note"}
    assert got[first["id"]]["note"] == "Agreed: two applications\nCall on Friday"
    assert got[first["id"]]["created_by"] == ids.a.mentor and got[first["id"]]["goal_id"] == ids.a.goal
    assert not [c for c in other.pull_all() if c["entity"] == "handover_note"]


def test_refusals(ids, device):
    mentor = device("mentor_a")
    for bad, field in (({"note": ""}, "note"), ({"written_on": "2026-13-01"}, "written_on"),
                       ({"goal_id": str(uuid.uuid4())}, "goal_id"), ({"note": "x\u0000y"}, "note")):
        r = mentor.sync([_note(mentor, ids.a.outsider, **bad)])["results"][0]
        assert r["status"] == "rejected" and field in r["errors"], (bad, r)
    # another person's goal; another programme's person
    r = device("coord_a").sync([_note(mentor, ids.a.participants[0], goal_id=ids.a.goal)])["results"][0]
    assert r["status"] == "rejected" and "goal_id" in r["errors"]
    r = mentor.sync([_note(mentor, ids.b.participants[0])])["results"][0]
    assert r["reason"] == "forbidden"
    made = _note(mentor, ids.a.outsider)
    mentor.sync([made])
    r = mentor.sync([change(mentor, "handover_note", made["id"], {"participant_id": ids.a.participants[0]})])
    assert "participant_id" in r["results"][0]["errors"]


def test_typed_dates_become_entries_and_line_breaks_stay():
    text = "Met at the café\nfirst impressions\n3.11.2026: CV done\nline two\n2026-11-10 - interview\n\n31/02/2026 no"
    assert split_notes(text, date(2026, 10, 1)) == [
        (date(2026, 10, 1), "Met at the café\nfirst impressions"),
        (date(2026, 11, 3), "CV done\nline two"),
        (date(2026, 11, 10), "interview\n\n31/02/2026 no"),
    ]
    assert split_notes("", date(2026, 1, 1)) == []
    assert split_notes("3.11.2026", date(2026, 1, 1)) == []


@given(st.text(max_size=400))
def test_splitting_never_loses_text(text):
    entries = split_notes(text, date(2026, 1, 1))
    kept = "".join(body for _day, body in entries)
    for char in text:
        if not char.isspace() and not char.isdigit() and char not in ".-/:–—,":
            assert char in kept


def test_the_command_turns_goal_notes_into_entries_phones_pull(app, ids, device, in_db):
    from models import HandoverNote, MentoringGoal

    def set_notes(s):
        s.get(MentoringGoal, ids.a.goal).notes = "Intro call\n12.11.2026: visit at the workshop\nbring the CV"
        s.commit()

    in_db(set_notes)
    mentor = device("mentor_a")
    mentor.pull_all()
    runner = app.test_cli_runner()
    out = runner.invoke(args=["mentoring", "split-handover"])
    assert out.exit_code == 0, out.output
    assert "1 goals split into 2 dated entries" in out.output
    again = runner.invoke(args=["mentoring", "split-handover"])
    assert "0 goals split" in again.output
    notes = in_db(lambda s: sorted((n.written_on, n.note) for n in s.query(HandoverNote).all()))
    assert notes[1] == (date(2026, 11, 12), "visit at the workshop\nbring the CV") and len(notes) == 2
    pulled = mentor.pull_all()
    assert len([c for c in pulled if c["entity"] == "handover_note"]) == 2
    goal = next(c for c in pulled if c["entity"] == "mentoring_goal")
    assert goal["data"]["notes"] is None
