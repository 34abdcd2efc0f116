"""Private mentoring sessions (issue 14 item 4, docs/sync.md "Private mentoring sessions"):
a session that names its mentees reaches their mentors and the coordinators only, takes the
attendance of those mentees only, and counts as their mentoring hours."""
import uuid

from hypothesis import HealthCheck, given, settings, strategies as st

from models import Membership, MentoringGoal, attendance_id
from tests.factories import make_participant, make_user

from .conftest import change


def _mentor_of(in_db, ids, username, *participant_ids, programme="a"):
    """A new mentor of programme ``programme`` with a goal for each participant given; their id."""
    def run(s):
        from models import Participant, Programme, User

        prog = s.get(Programme, getattr(ids, programme).programme)
        user = s.query(User).filter_by(username=username).one_or_none()
        if user is None:
            from tests.conftest import PASSWORD  # noqa: F401  (same password as every test user)
            existing = s.query(User).filter_by(username=f"mentor_{programme}").one()
            user = make_user(username, existing.password_hash, ("mentor", prog))
        for pid in participant_ids:
            person = s.get(Participant, pid)
            s.add(MentoringGoal(programme_id=person.programme_id, cohort_id=person.cohort_id, participant_id=pid,
                                mentor_id=user.id, title="Keep the job", status="open"))
        s.commit()
        return user.id

    return in_db(run)


def _cohortless(in_db, ids, code="A-950"):
    def run(s):
        from models import Programme

        person = make_participant(s.get(Programme, ids.a.programme), None, code)
        s.commit()
        return person.id

    return in_db(run)


def _session(device, mentees, **data):
    values = {"mentee_ids": list(mentees), "date": "2026-11-20", "duration_minutes": 60, "kind": "remote_mentoring",
              "topic": "Job interview practice", "notes": "Line one\nLine two"}
    values.update(data)
    return change(device, "session", str(uuid.uuid4()), values)


def _present(device, session_id, person, minutes=None):
    data = {"session_id": session_id, "participant_id": person, "status": "present"}
    if minutes is not None:
        data["minutes"] = minutes
    return change(device, "attendance", attendance_id(session_id, person), data)


def _ids_of(changes, entity):
    return {c["id"] for c in changes if c["entity"] == entity and c["op"] in ("upsert", "delete")}


def test_a_private_session_reaches_its_mentees_mentors_and_coordinators_only(ids, device, in_db):
    mentee = ids.a.participants[0]  # in the trainer's cohort
    _mentor_of(in_db, ids, "mentor_a2", mentee)
    _mentor_of(in_db, ids, "mentor_a3", ids.a.participants[1])  # another mentee's mentor
    mentor, other_mentor = device("mentor_a2"), device("mentor_a3")
    trainer, coordinator, outsider_mentor = device("trainer_a"), device("coord_a"), device("mentor_a")
    for d in (mentor, other_mentor, trainer, coordinator, outsider_mentor):
        d.pull_all()
    made = _session(mentor, [mentee])
    result = mentor.sync([made, _present(mentor, made["id"], mentee, minutes=50)])
    assert [r["status"] for r in result["results"]] == ["applied", "applied"], result["results"]
    mark = attendance_id(made["id"], mentee)

    for d in (trainer, other_mentor, outsider_mentor):
        got = d.pull_all()
        assert made["id"] not in _ids_of(got, "session") and mark not in _ids_of(got, "attendance")
    got = coordinator.pull_all()
    assert made["id"] in _ids_of(got, "session") and mark in _ids_of(got, "attendance")
    record = next(c for c in got if c["id"] == made["id"])["data"]
    assert record["mentee_ids"] == [mentee] and record["cohort_id"] is None
    assert record["notes"] == "Line one\nLine two"
    # a full pull (a new phone) finds it the same way
    fresh = device("mentor_a2").pull_all()
    assert made["id"] in _ids_of(fresh, "session") and mark in _ids_of(fresh, "attendance")
    assert made["id"] not in _ids_of(device("trainer_a").pull_all(), "session")
    # nor through the record API
    assert trainer.api.get(f"/session/{made['id']}").status_code == 404
    assert mentor.api.get(f"/session/{made['id']}").status_code == 200


def test_mentees_from_two_cohorts_or_none_and_each_ones_mentor_finds_it(ids, device, in_db):
    loner = _cohortless(in_db, ids)
    _mentor_of(in_db, ids, "mentor_a", loner, ids.a.participants[2])  # mentor_a already mentors the outsider
    _mentor_of(in_db, ids, "mentor_a3", ids.a.participants[2])
    mentor, second = device("mentor_a"), device("mentor_a3")
    second.pull_all()
    mentees = [ids.a.outsider, loner, ids.a.participants[2]]  # two cohorts and no cohort
    made = _session(mentor, mentees, kind="mentoring")
    marks = [_present(mentor, made["id"], p) for p in mentees]
    result = mentor.sync([made, *marks])
    assert {r["status"] for r in result["results"]} == {"applied"}, result["results"]
    got = second.pull_all()
    assert made["id"] in _ids_of(got, "session")
    # that mentor receives the attendance of their own mentee only
    assert _ids_of(got, "attendance") & {m["id"] for m in marks} == {marks[2]["id"]}
    assert second.pull_all() == []
    # an edit comes once to each
    edit = change(mentor, "session", made["id"], {"topic": "CV review"})
    assert mentor.sync([edit])["results"][0]["status"] == "applied"
    got = second.pull_all()
    assert [c["data"]["topic"] for c in got if c["id"] == made["id"]] == ["CV review"]


def test_refusals_name_the_field(ids, device, in_db):
    _mentor_of(in_db, ids, "mentor_a2", ids.a.participants[0])
    mentor, trainer, coordinator = device("mentor_a2"), device("trainer_a"), device("coord_a")

    def refused(d, c):
        return d.sync([c])["results"][0]

    # not their mentee (a participant of the programme they can read is still not theirs)
    r = refused(trainer, _session(trainer, [ids.a.participants[1]]))
    assert r["status"] == "rejected" and "mentee_ids" in r["errors"], r
    # another programme's person
    r = refused(mentor, _session(mentor, [ids.b.participants[0]]))
    assert r["status"] == "rejected" and r["reason"] == "forbidden" and "mentee_ids" in r["errors"]
    # an unknown id
    r = refused(mentor, _session(mentor, [str(uuid.uuid4())]))
    assert r["reason"] == "validation" and "mentee_ids" in r["errors"]
    # a cohort as well, a training kind, twice the same mentee, an empty list, no cohort and no mentees
    for bad, field in (({"cohort_id": ids.a.cohort}, "cohort_id"), ({"kind": "training"}, "kind"),
                       ({"mentee_ids": [ids.a.participants[0]] * 2}, "mentee_ids"), ({"mentee_ids": []}, "mentee_ids"),
                       ({"mentee_ids": None}, "cohort_id")):
        r = refused(mentor, _session(mentor, [ids.a.participants[0]], **bad))
        assert r["status"] == "rejected" and r["reason"] == "validation" and field in r["errors"], (bad, r)
    made = _session(mentor, [ids.a.participants[0]])
    assert mentor.sync([made])["results"][0]["status"] == "applied"
    # attendance of someone the session does not name, even by a coordinator
    r = refused(coordinator, _present(coordinator, made["id"], ids.a.participants[1]))
    assert r["status"] == "rejected" and "participant_id" in r["errors"]
    # its mentees are fixed, and it cannot be made a training session
    r = refused(mentor, change(mentor, "session", made["id"], {"mentee_ids": [ids.a.participants[1]]}))
    assert r["status"] == "rejected" and "mentee_ids" in r["errors"]
    r = refused(mentor, change(mentor, "session", made["id"], {"kind": "training"}))
    assert r["status"] == "rejected" and "kind" in r["errors"]
    # a coordinator names any participant of the programme
    r = refused(coordinator, _session(coordinator, [ids.a.participants[1]]))
    assert r["status"] == "applied", r


def test_an_old_phone_still_logs_cohort_sessions(ids, device):
    trainer = device("trainer_a")
    made = change(trainer, "session", str(uuid.uuid4()), {
        "cohort_id": ids.a.cohort, "date": "2026-11-20", "duration_minutes": 90, "kind": "mentoring", "topic": "Group"})
    assert trainer.sync([made])["results"][0]["status"] == "applied"
    pulled = device("trainer_a").pull_all()
    record = next(c for c in pulled if c["id"] == made["id"])["data"]
    assert record["cohort_id"] == ids.a.cohort and record["mentee_ids"] is None


_JUNK = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40)),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=12)


def test_any_mentee_ids_is_refused_naming_the_field_or_applied_never_a_5xx(ids, device):
    mentor = device("mentor_a")  # signed in once: every example goes through the same phone

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], max_examples=30,
              deadline=None)
    @given(mentees=st.one_of(_JUNK, st.lists(st.uuids().map(str), max_size=20)))
    def run(mentees):
        made = _session(mentor, [])
        made["data"]["mentee_ids"] = mentees
        result = mentor.sync([made])["results"][0]
        if result["status"] == "rejected":
            assert result["reason"] in ("validation", "forbidden") and result["errors"], result
        else:  # only the outsider, mentor_a's one mentee by goal, can be named
            assert mentees == [ids.a.outsider], (mentees, result)

    run()
