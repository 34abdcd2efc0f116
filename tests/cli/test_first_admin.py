"""A deployment from zero: the first admin is made on the command line for an organisation with no programme."""
from sqlalchemy import select

from models import Organisation, User, db
from security.scope import scope_for
from tests.conftest import PASSWORD


def test_the_first_admin_of_an_empty_database_administers_their_organisation(app, runner):
    result = runner.invoke(args=["users", "create", "jana", "--role", "admin", "--organisation",
                                 "Kőszeg Employment Pact", "--password", PASSWORD, "--display-name", "Jana Kovács"])
    assert result.exit_code == 0, result.output
    assert "admin of Kőszeg Employment Pact" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "jana"))
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Kőszeg Employment Pact"))
        assert user.is_admin and user.main_role() == "admin"
        assert scope_for(user).admin_organisation_ids == {organisation.id}


def test_without_a_password_the_first_admin_gets_a_one_time_code(app, runner):
    result = runner.invoke(args=["users", "create", "jana", "--role", "admin", "--organisation", "Pact"])
    assert result.exit_code == 0, result.output
    assert "One-time code" in result.output and "/welcome/" in result.output


def test_an_organisation_without_admin_role_or_programme_is_refused(app, runner):
    result = runner.invoke(args=["users", "create", "jana", "--role", "trainer", "--organisation", "Pact"])
    assert result.exit_code != 0 and "--programme" in result.output
