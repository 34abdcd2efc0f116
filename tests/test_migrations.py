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


def test_0004u_backfills_username_keys(tmp_path, app_factory):
    """Existing usernames get their NFKC case-folded key; a later one clashing with an older one keeps its row."""
    from flask_migrate import upgrade

    from models import db

    import logging

    # alembic's env.py runs logging.fileConfig, which disables the loggers that exist (the app's too)
    loggers = [lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    was_disabled = {lg: lg.disabled for lg in loggers}
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
    with app.app_context():
        upgrade(revision="0002w")
        with db.engine.begin() as conn:
            for n, username in enumerate(["Emina", "\uff2d\uff49\uff52\uff5a\uff41", "EMINA"]):
                conn.execute(text(
                    "INSERT INTO users (id, version, field_meta, deleted, created_at, updated_at, username, "
                    "display_name, password_hash, locale, active, session_epoch, diaspora) VALUES "
                    f"(:id, 0, '{{}}', 0, '2026-01-0{n + 1} 00:00:00', '2026-01-01 00:00:00', :u, :u, 'x', 'en', "
                    "1, 0, 0)"), {"id": f"user-{n}", "u": username})
        upgrade()
        with db.engine.connect() as conn:
            keys = dict(conn.execute(text("SELECT username, username_key FROM users")).all())
        db.engine.dispose()
    for logger, disabled in was_disabled.items():
        logger.disabled = disabled
    assert keys["Emina"] == "emina" and keys["\uff2d\uff49\uff52\uff5a\uff41"] == "mirza"
    assert keys["EMINA"] == "emina#user-2"
