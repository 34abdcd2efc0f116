import pytest
from sqlalchemy import select

from models import CohortStaff, DeviceToken, User


def test_create_user_with_role_and_cohorts(world, runner, db_session, api):
    result = runner.invoke(args=["users", "create", "emina", "--password", "secret-pass-1", "--role", "trainer",
                                 "--programme", "prog-a", "--cohort", "a1", "--cohort", "a2"])
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.username == "emina"))
    assert [(m.role, m.programme_id) for m in user.memberships] == [("trainer", world.a.programme.id)]
    cohorts = set(db_session.scalars(select(CohortStaff.cohort_id).where(CohortStaff.user_id == user.id)))
    assert cohorts == {world.a.cohort.id, world.a.other_cohort.id}
    assert user.password_hash.startswith("$argon2id$")
    assert api("emina", password="secret-pass-1").get("/me").status_code == 200


@pytest.mark.parametrize("args, message", [
    (["--role", "trainer", "--programme", "nope"], "No programme"),
    (["--role", "trainer", "--programme", "prog-a", "--cohort", "zz"], "No cohort"),
    (["--role", "coordinator", "--programme", "prog-a", "--cohort", "a1"], "trainers and mentors"),
    (["--role", "boss", "--programme", "prog-a"], "boss"),
])
def test_create_user_refuses_bad_input_and_creates_nothing(world, runner, db_session, args, message):
    result = runner.invoke(args=["users", "create", "x_user", "--password", "secret-pass-1", *args])
    assert result.exit_code != 0 and message in result.output
    assert db_session.scalar(select(User).where(User.username == "x_user")) is None


def test_short_password_is_refused(world, runner):
    result = runner.invoke(args=["users", "create", "x_user", "--password", "short", "--role", "trainer",
                                 "--programme", "prog-a"])
    assert result.exit_code != 0 and "10 characters" in result.output


def test_revoke_devices(world, runner, api, db_session):
    phone, tablet = api("trainer_a"), api("trainer_a")
    result = runner.invoke(args=["users", "revoke-devices", "trainer_a"])
    assert result.exit_code == 0 and "Revoked 2" in result.output
    assert phone.get("/me").status_code == 401 and tablet.get("/me").status_code == 401
    assert db_session.scalar(select(DeviceToken).where(DeviceToken.revoked_at.is_(None))) is None


def test_revoke_devices_of_unknown_user(world, runner):
    result = runner.invoke(args=["users", "revoke-devices", "ghost"])
    assert result.exit_code != 0 and "No user" in result.output


def test_diaspora_mentor_flag(world, runner, db_session):
    result = runner.invoke(args=["users", "create", "mirza", "--password", "secret-pass-1", "--role", "mentor",
                                 "--programme", "prog-a", "--diaspora"])
    assert result.exit_code == 0, result.output
    assert db_session.scalar(select(User.diaspora).where(User.username == "mirza")) is True
