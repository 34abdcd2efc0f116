"""SYNC.md rule 9 (pull) and rule 10 (versions), through POST /api/v1/sync."""
import base64
from sqlalchemy import event

from models import ChangeLog, attendance_id

from .conftest import attendance_change, change


def test_a_null_cursor_is_a_full_pull_of_the_scope_in_server_order(ids, device):
    d = device("trainer_a")
    changes = d.pull_all()
    versions = [c["version"] for c in changes]
    assert versions == sorted(versions)
    got = {(c["entity"], c["id"]) for c in changes}
    assert ("session", ids.a.session) in got and ("participant", ids.a.participants[0]) in got
    assert ("participant", ids.a.outsider) not in got and ("session", ids.b.session) not in got
    first = next(c for c in changes if c["id"] == ids.a.session)
    assert set(first["data"]) >= {"cohort_id", "date", "topic", "updated_at", "updated_by", "deleted"}


def test_pages_of_pull_limit_with_more_then_nothing_new(ids, device):
    d = device("trainer_a")
    everything = device("trainer_a").pull_all()
    pages = []
    while True:
        payload = d.sync(pull_limit=3)
        pages.append(payload["changes"])
        if not payload["more"]:
            break
    assert all(len(p) <= 3 for p in pages) and len(pages) > 2
    assert [c["id"] for p in pages for c in p] == [c["id"] for c in everything]
    assert d.sync()["changes"] == []


def test_changes_after_the_cursor_come_once_and_the_pushers_own_do_not_come_back(ids, device):
    trainer, coordinator = device("trainer_a"), device("coord_a")
    trainer.pull_all()
    coordinator.pull_all()
    mark = attendance_change(trainer, ids.a, status="late")
    own = trainer.sync([mark])
    assert own["results"][0]["status"] == "applied"
    assert own["changes"] == []  # its newest version came from this very request
    seen = coordinator.sync()["changes"]
    assert [(c["entity"], c["id"], c["data"]["status"]) for c in seen] == [("attendance", mark["id"], "late")]
    assert coordinator.sync()["changes"] == []
    assert trainer.sync()["changes"] == []


def test_deletes_are_pulled_as_delete_and_the_version_is_the_one_the_result_gave(ids, device):
    trainer, coordinator = device("trainer_a"), device("coord_a")
    coordinator.pull_all()
    version = trainer.sync([attendance_change(trainer, ids.a)])["results"][0]["version"]
    gone = trainer.sync([change(trainer, "attendance", attendance_id(ids.a.session, ids.a.participants[0]),
                                op="delete", base_version=version)])["results"][0]
    pulled = coordinator.sync()["changes"]
    assert [(c["op"], c["version"], c["data"]["deleted"]) for c in pulled] == [("delete", gone["version"], True)]


def test_the_cursor_is_opaque_and_a_forged_one_is_refused(ids, device):
    d = device("trainer_a")
    d.pull_all()
    raw = base64.urlsafe_b64decode(d.cursor + "=" * (-len(d.cursor) % 4))
    d.cursor = base64.urlsafe_b64encode(raw[:-1] + bytes([raw[-1] ^ 1])).decode().rstrip("=")
    refused = d.sync(expect=400)
    assert "cursor" in refused["errors"]
    d.cursor = "not-a-cursor"
    assert d.sync(expect=400)["code"] == 400


def test_a_no_op_pull_reads_only_the_change_log_index_whatever_the_size(app, ids, device, in_db):
    from models import Participant, db

    d = device("coord_a")
    d.pull_all()

    def statements_of_a_pull():
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda conn, cursor, statement, *a: seen.append(statement)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert d.sync()["changes"] == []
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return [s for s in seen if "change_log" in s or "FROM participants" in s or "FROM attendance" in s]

    small = statements_of_a_pull()

    def grow(s):
        for i in range(300):
            s.add(Participant(programme_id=ids.a.programme, cohort_id=ids.a.cohort, code=f"G{i}", given_name="G",
                              family_name="G", gender="male", birth_year=1990, target_groups=[],
                              consent_on=__import__("datetime").date(2026, 1, 1),
                              enrolled_on=__import__("datetime").date(2026, 1, 1)))
        s.commit()

    in_db(grow)
    assert statements_of_a_pull() == small
    assert not any("FROM participants" in s or "FROM attendance" in s for s in small)
    assert all("change_log" in s for s in small)


def test_pull_limit_and_versions_travel(ids, device):
    d = device("trainer_a")
    payload = d.sync(pull_limit=1)
    assert len(payload["changes"]) == 1 and payload["more"] is True
    assert isinstance(payload["changes"][0]["version"], int)
    assert payload["server_time"].endswith("Z")


def test_the_response_is_gzip_when_the_client_accepts_it(ids, device):
    d = device("trainer_a")
    body = {"device_id": d.device_id, "schema_version": 1, "cursor": None, "changes": []}
    response = d.api.post("/sync", json=body, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_a_change_log_row_per_record_and_version_equals_its_sequence(ids, device, in_db):
    from sqlalchemy import func, select

    d = device("trainer_a")
    mark = attendance_change(d, ids.a)
    versions = [r["version"] for r in d.sync([mark])["results"]]
    again = change(d, "attendance", mark["id"], {"status": "late"}, base_version=versions[0])
    versions += [r["version"] for r in d.sync([again])["results"]]
    rows = in_db(lambda s: s.execute(select(ChangeLog.seq, ChangeLog.op).where(
        ChangeLog.record_id == mark["id"])).all())
    assert rows == [(versions[1], "upsert")] and versions[1] > versions[0]
    assert in_db(lambda s: s.scalar(select(func.count()).select_from(ChangeLog).where(
        ChangeLog.record_id == mark["id"]))) == 1


def test_an_edit_on_a_version_known_only_from_a_result_still_brings_the_record(ids, device):
    """The device's version number can run ahead of its data when the echo of a merge is on a later
    page; its next edit must not hide that echo (found by the fault-injection test, seed 770)."""
    phone, laptop = device("trainer_a"), device("coord_a")
    phone.pull_all()
    laptop.pull_all()
    base = next(c["version"] for c in device("trainer_a").pull_all() if c["id"] == ids.a.session)
    laptop.sync([change(laptop, "session", ids.a.session, {"duration_minutes": 90}, base_version=base),
                 change(laptop, "participant", ids.a.participants[0], {"given_name": "Paged"})])
    first = phone.sync([change(phone, "session", ids.a.session, {"notes": "Gloves"}, base_version=base)],
                       pull_limit=1)
    assert first["more"] and all(c["id"] != ids.a.session for c in first["changes"])
    version = first["results"][0]["version"]
    received = first["changes"] + phone.sync([change(phone, "session", ids.a.session, {"topic": "Set-up"},
                                                     base_version=version)])["changes"] + phone.pull_all()
    session = [c for c in received if c["id"] == ids.a.session][-1]
    assert (session["data"]["duration_minutes"], session["data"]["topic"]) == (90, "Set-up")
