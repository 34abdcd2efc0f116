"""App start-up: defaults made once into instance/ (secret key, SQLite file in WAL mode) and the schema check.

A weak ``SECRET_KEY`` is refused outside tests and debug runs: whoever guesses it
forges any user's cookie. Files made here are readable by their owner only.
"""
import os
import secrets

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

#: a SECRET_KEY shorter than this, or with fewer different characters, is refused in production
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_CHARACTERS = 10
WEAK_SECRET_KEY = (
    "SECRET_KEY is too weak (at least {length} random characters are needed): anyone who guesses it can "
    "sign in as any user. Make one with: python -c 'import secrets; print(secrets.token_hex(32))' "
    "— or leave SECRET_KEY unset on a single server, and one is made once into instance/secret_key."
)


def _secret_key(app) -> str:
    path = os.path.join(app.instance_path, "secret_key")
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(secrets.token_hex(32))
    with open(path) as fh:
        return fh.read().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=FULL")  # a sync answered is on disk (SYNC.md rule 8)
        cursor.close()


def unmigrated_message(app) -> str | None:
    """A message saying what to run, or None when the schema is at the newest migration."""
    from models import db

    script = ScriptDirectory(os.path.join(app.root_path, "migrations"))
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == set(script.get_heads()):
        return None
    return ("The database is not migrated to this version of Field Mentor. "
            "Run: flask --app app db upgrade")


def weak_secret_key(key) -> bool:
    return len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS


def _private_sqlite_file(url: str) -> None:
    """Make a SQLite database file, before SQLite does, readable by its owner only.

    SQLite gives the -wal and -shm files the database file's permissions.
    """
    parsed = make_url(url)
    path = parsed.database
    if not parsed.get_backend_name() == "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except (FileExistsError, FileNotFoundError):
        pass  # made before, or its folder is not there (SQLite will say so)


def init_app(app):
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)
    elif weak_secret_key(app.config["SECRET_KEY"]) and not (app.config.get("TESTING") or app.debug):
        raise RuntimeError(WEAK_SECRET_KEY.format(length=MIN_SECRET_KEY_LENGTH))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "fieldmentor.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    _private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    state = {"checked": app.config.get("SKIP_MIGRATION_CHECK", False)}

    @app.before_request
    def refuse_unmigrated_database():
        if state["checked"] or request.endpoint == "static":
            return None
        message = unmigrated_message(current_app)
        if message is None:
            state["checked"] = True
            return None
        current_app.logger.error(message)
        from werkzeug.exceptions import ServiceUnavailable

        if request.path.startswith("/api/"):
            from api.errors import error_response

            return error_response(503, message)
        raise ServiceUnavailable(message)
