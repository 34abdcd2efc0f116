"""The schema comes from migrations; an unmigrated database is refused with a clear message."""
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import pytest


def test_unmigrated_database_is_refused(tmp_path, app_factory):
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.db'}")
    client = app.test_client()
    api = client.get("/api/v1/me")
    assert api.status_code == 503
    assert "flask --app app db upgrade" in api.get_json()["message"]
    page = client.get("/login")
    assert page.status_code == 503 and "db upgrade" in page.get_data(as_text=True)


def test_models_match_migrations(app):
    """Autogenerate finds nothing to add: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models import db

    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


@pytest.mark.parametrize("sql", [
    "UPDATE participants SET gender = 'robot'",
    "UPDATE participants SET birth_year = 1800",
    "UPDATE sessions SET kind = 'party'",
    "UPDATE sessions SET duration_minutes = 0",
    "UPDATE memberships SET role = 'king'",
    "UPDATE participants SET code = 'A-001'",
    "UPDATE sessions SET cohort_id = 'no-such-cohort'",
])
def test_database_constraints_hold_without_python(world, app, sql):
    from models import db

    with app.app_context():
        with pytest.raises(IntegrityError):
            with db.engine.begin() as conn:
                conn.execute(text(sql))
