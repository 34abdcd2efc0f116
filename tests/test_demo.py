"""flask demo load: idempotent, the CLI prints the users, and the demo users can sign in.

Each test starts from an empty database; tests/test_demo_content.py checks what one load holds.
"""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cli.demo_data import load_demo
from models import (SYNCED_MODELS, ChangeLog, CohortStaff, Membership, Organisation, Programme, RubricLevel, User,
                    db)
from security.passwords import hash_password, verify_password

DEMO_PASSWORD = "demo-password-42"
MAIN_USERS = ("admin", "coordinator", "trainer", "mentor")


@pytest.fixture
def demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    return DEMO_PASSWORD


def snapshot():
    """Every row's id per table, plus the change log's high-water mark."""
    state = {entity: sorted(db.session.scalars(select(model.id))) for entity, model in SYNCED_MODELS.items()}
    for model in (Organisation, Membership, CohortStaff, RubricLevel):
        state[model.__tablename__] = sorted(db.session.scalars(select(model.id)))
    state["change_log"] = (db.session.scalar(select(func.count()).select_from(ChangeLog)),
                           db.session.scalar(select(func.max(ChangeLog.seq))))
    state["versions"] = {entity: sorted(db.session.execute(select(model.id, model.version)).all())
                         for entity, model in SYNCED_MODELS.items()}
    return state


def test_second_load_changes_nothing_and_keeps_ids(app, demo_password):
    with app.app_context():
        first = load_demo()
        before = snapshot()
        db.session.remove()
        second = load_demo()
        after_same_day = snapshot()
        db.session.remove()
        load_demo(today=date.today() + timedelta(days=9))  # a later day moves and adds nothing either
        after_later_day = snapshot()

    assert sum(len(ids) for ids in before.values() if isinstance(ids, list)) > 2000
    assert after_same_day == before
    assert after_later_day == before
    assert all(password == DEMO_PASSWORD for _role, password in first.values())
    assert {name: role for name, (role, _pw) in second.items()} == {name: role for name, (role, _pw) in first.items()}
    assert all(password == "(unchanged)" for _role, password in second.values())


def test_cli_demo_load_prints_users_then_unchanged(runner, demo_password):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.strip()}
    for username in MAIN_USERS:
        assert lines[username] == [username, DEMO_PASSWORD]
    assert len(lines) >= 12

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert DEMO_PASSWORD not in again.output
    assert again.output.count("(unchanged)") == len(lines)


def participant_codes(device) -> set:
    response = device.get("/participant?per_page=500")
    assert response.status_code == 200, response.get_json()
    return {item["data"]["code"] for item in response.get_json()["items"]}


def test_demo_users_get_tokens_and_see_their_scope(app, api, demo_password):
    with app.app_context():
        load_demo()
        codes = dict(db.session.execute(select(Programme.code, Programme.id)).all())
        from models import Cohort, MentoringGoal, Participant

        def cohort_codes(cohort_code):
            return set(db.session.scalars(select(Participant.code).join(Cohort, Cohort.id == Participant.cohort_id)
                                          .where(Cohort.code == cohort_code)))

        cnc1, dsp1 = cohort_codes("kljuc-cnc-1"), cohort_codes("kljuc-dsp-1")
        mentor_goal_mentees = set(db.session.scalars(
            select(Participant.code).join(MentoringGoal, MentoringGoal.participant_id == Participant.id)
            .join(User, User.id == MentoringGoal.mentor_id).where(User.username == "mentor")))
        everyone = set(db.session.scalars(select(Participant.code)))

    devices = {username: api(username, password=DEMO_PASSWORD) for username in MAIN_USERS}
    for username, device in devices.items():
        me = device.get("/me").get_json()
        assert me["role"] == username
    admin_programmes = {m["programme_id"] for m in devices["admin"].get("/me").get_json()["memberships"]}
    assert admin_programmes == set(codes.values())
    assert devices["trainer"].get("/me").get_json()["locale"] == "bs"
    assert devices["mentor"].get("/me").get_json()["locale"] == "de"

    assert participant_codes(devices["admin"]) == everyone
    assert participant_codes(devices["coordinator"]) == {c for c in everyone if c[:3] in ("KLJ", "IZM")}
    assert participant_codes(devices["trainer"]) == cnc1
    # the diaspora mentor: the CNC cohort by assignment, two dispatcher trainees through goals
    assert mentor_goal_mentees & dsp1 and mentor_goal_mentees - dsp1 <= cnc1
    assert participant_codes(devices["mentor"]) == cnc1 | (mentor_goal_mentees & dsp1)


def test_without_demo_password_each_user_gets_a_random_hashed_one(app, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with app.app_context():
        passwords = load_demo()
        hashes = dict(db.session.execute(select(User.username, User.password_hash)).all())
    secrets_given = [password for _role, password in passwords.values()]
    assert len(set(secrets_given)) == len(secrets_given) == len(hashes)
    assert len(set(hashes.values())) == len(hashes)
    for username, (_role, password) in passwords.items():
        assert len(password) >= 16
        assert hashes[username].startswith("$argon2id$")
        assert password not in hashes[username]
    for username in ("admin", "trainer", "ingrid.solberg"):  # Argon2 is slow on purpose: a sample
        assert verify_password(hashes[username], passwords[username][1])
        assert not verify_password(hashes[username], passwords["mentor"][1])


def test_existing_programme_and_user_are_found_by_natural_key(app, demo_password):
    """A programme or user made before the demo (by hand, by `users create`) is reused, not doubled."""
    with app.app_context():
        organisation = Organisation(name="Field Mentor Demo Network")
        db.session.add(organisation)
        db.session.flush()
        programme = Programme(organisation_id=organisation.id, code="kljuc-d4d", name="Ključ (made by hand)")
        admin = User(username="admin", display_name="Existing Admin", password_hash=hash_password("own-password-1"))
        db.session.add_all([programme, admin])
        db.session.commit()
        programme_id, admin_id = programme.id, admin.id

        passwords = load_demo()

        assert db.session.scalar(select(func.count()).select_from(Programme).where(Programme.code == "kljuc-d4d")) == 1
        assert db.session.scalar(select(Programme.name).where(Programme.code == "kljuc-d4d")) == "Ključ (made by hand)"
        assert db.session.scalar(select(func.count()).select_from(User).where(User.username == "admin")) == 1
        admin = db.session.get(User, admin_id)
        assert verify_password(admin.password_hash, "own-password-1")
        assert passwords["admin"] == ("admin", "(unchanged)")
        assert {(m.programme_id, m.role) for m in admin.memberships} == {
            (pid, "admin") for pid in db.session.scalars(select(Programme.id))}
        assert programme_id in {m.programme_id for m in admin.memberships}
        # the new memberships reach phones: the user record was logged again
        assert admin.version == db.session.scalar(
            select(ChangeLog.seq).where(ChangeLog.entity == "user", ChangeLog.record_id == admin_id))
        assert passwords["trainer"] == ("trainer", DEMO_PASSWORD)


@pytest.mark.parametrize("password", ["short", "nine-char"])
def test_short_demo_password_is_refused(app, runner, monkeypatch, password):
    """The accounts' own rule (10 characters): the demo's accounts are made by the same service."""
    monkeypatch.setenv("DEMO_PASSWORD", password)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "DEMO_PASSWORD" in result.output and "10" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_cohort_that_lost_its_demo_trainer_gets_them_back_through_push(app, demo_password):
    from api.sync.server_write import server_write
    from models import AuditLog, Cohort

    with app.app_context():
        load_demo()
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        cohort = db.session.scalar(select(Cohort).where(Cohort.code == "kljuc-cnc-1"))
        trainers = cohort.trainer_ids
        server_write(db.session, admin, "cohort", cohort.id, {"trainer_ids": []})
        db.session.commit()
        version = cohort.version
        db.session.remove()

        load_demo()
        cohort = db.session.scalar(select(Cohort).where(Cohort.code == "kljuc-cnc-1"))
        assert cohort.trainer_ids == trainers and cohort.version > version
        assert db.session.scalar(select(ChangeLog.seq).where(ChangeLog.record_id == cohort.id)) == cohort.version
        detail = db.session.scalars(select(AuditLog.detail).where(AuditLog.record_id == cohort.id,
                                                                  AuditLog.action == "demo_set_up")).all()[-1]
        assert detail["before"] == {"trainer_ids": [], "mentor_ids": cohort.mentor_ids}
        assert detail["after"]["trainer_ids"] == trainers
