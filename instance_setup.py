"""App start-up: defaults made once into instance/ (secret key, SQLite file in WAL mode) and the schema check."""
import os
import secrets

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app, request
from sqlalchemy import event
from sqlalchemy.engine import Engine


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


def init_app(app):
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "fieldmentor.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
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
