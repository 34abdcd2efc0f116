"""Start-up refuses a weak SECRET_KEY in production; the instance folder and SQLite files are private."""
import os
import stat

import pytest
from sqlalchemy import text

from app import create_app
from tests.conftest import TestConfig

STRONG = "5f0c8e2b9a1d4c7e8f3a6b2d9e1c4f7a8b3d6e9f2a5c8b1e"


def production(**values):
    return type("ProductionConfig", (TestConfig,), {"TESTING": False, "DEBUG": False, **values})


@pytest.mark.parametrize("weak", ["x", "secret", "change-me-please", "a" * 40, "abababababababababababababababab"])
def test_a_weak_secret_key_is_refused_in_production(database_url, tmp_path, weak):
    with pytest.raises(RuntimeError) as refused:
        create_app(production(SECRET_KEY=weak, SQLALCHEMY_DATABASE_URI=database_url),
                   instance_path=str(tmp_path / "instance"))
    message = str(refused.value)
    assert "SECRET_KEY" in message and "secrets.token_hex(32)" in message


def test_a_strong_or_made_once_secret_key_starts(database_url, tmp_path):
    app = create_app(production(SECRET_KEY=STRONG, SQLALCHEMY_DATABASE_URI=database_url),
                     instance_path=str(tmp_path / "a"))
    assert app.config["SECRET_KEY"] == STRONG
    made = create_app(production(SECRET_KEY=None, SQLALCHEMY_DATABASE_URI=database_url),
                      instance_path=str(tmp_path / "b"))
    with open(tmp_path / "b" / "secret_key") as fh:
        assert made.config["SECRET_KEY"] == fh.read().strip() and len(made.config["SECRET_KEY"]) == 64
    again = create_app(production(SECRET_KEY=None, SQLALCHEMY_DATABASE_URI=database_url),
                       instance_path=str(tmp_path / "b"))
    assert again.config["SECRET_KEY"] == made.config["SECRET_KEY"]


def test_tests_and_debug_runs_may_use_a_short_key(database_url, tmp_path):
    create_app(production(SECRET_KEY="dev", DEBUG=True, SQLALCHEMY_DATABASE_URI=database_url),
               instance_path=str(tmp_path / "instance"))


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_instance_folder_and_the_sqlite_files_are_the_owners_only(tmp_path):
    old_umask = os.umask(0o022)
    try:
        instance = tmp_path / "instance"
        app = create_app(production(SECRET_KEY=STRONG, SQLALCHEMY_DATABASE_URI=None), instance_path=str(instance))
        from models import db

        with app.app_context():
            with db.engine.connect() as conn:
                conn.execute(text("CREATE TABLE t (x INTEGER)"))
                conn.execute(text("INSERT INTO t VALUES (1)"))
                conn.commit()
                files = {name: _mode(instance / name) for name in os.listdir(instance)}
            db.engine.dispose()
    finally:
        os.umask(old_umask)
    assert _mode(instance) == 0o700
    assert {"fieldmentor.db", "fieldmentor.db-wal", "fieldmentor.db-shm"} <= set(files)
    assert files["fieldmentor.db"] == files["fieldmentor.db-wal"] == files["fieldmentor.db-shm"] == 0o600
