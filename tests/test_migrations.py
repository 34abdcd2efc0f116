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


def test_the_ledger_migration_keeps_every_row_and_keys_them_by_user_and_device(tmp_path, app_factory):
    """0003i re-keys applied_mutations on (user_id, device_id, mutation_id) on a database with rows in it."""
    import os

    from flask_migrate import downgrade, upgrade

    from tests.conftest import _scratch_postgres

    base = os.environ.get("TEST_DATABASE_URL")
    admin = None
    if base:
        url, admin, name = _scratch_postgres(base)
    else:
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
    app = app_factory(SQLALCHEMY_DATABASE_URI=url)
    insert = text("INSERT INTO applied_mutations (mutation_id, device_id, user_id, entity, record_id, status, "
                  "version, at) VALUES (:m, :d, :u, 'session', 'r', 'applied', 1, '2026-11-20 08:00:00')")
    try:
        with app.app_context():
            from models import db

            upgrade(revision="0002w")
            with db.engine.begin() as conn:
                conn.execute(insert, {"m": "m-1", "d": "dev-1", "u": "user-1"})
                conn.execute(insert, {"m": "m-2", "d": "dev-1", "u": None})
            upgrade(revision="0003i")
            with db.engine.begin() as conn:
                rows = conn.execute(text("SELECT mutation_id, user_id, device_id FROM applied_mutations "
                                         "ORDER BY mutation_id")).all()
                assert [tuple(r) for r in rows] == [("m-1", "user-1", "dev-1"), ("m-2", "", "dev-1")]
                conn.execute(insert, {"m": "m-1", "d": "dev-1", "u": "user-2"})  # another user's m-1
                conn.execute(insert, {"m": "m-1", "d": "dev-2", "u": "user-1"})  # the user's other device
            with pytest.raises(IntegrityError), db.engine.begin() as conn:
                conn.execute(insert, {"m": "m-1", "d": "dev-1", "u": "user-1"})  # a replay: one row only
            downgrade(revision="0002w")
            with db.engine.begin() as conn:
                assert conn.execute(text("SELECT count(*) FROM applied_mutations")).scalar() == 2
            upgrade()
            db.engine.dispose()
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


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
