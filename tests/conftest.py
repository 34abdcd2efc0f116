"""Shared fixtures: a real database (SQLite or PostgreSQL), the app, clients, a small world.

Which database: ``TEST_DATABASE_URL`` unset → a SQLite file in a temp folder;
``TEST_DATABASE_URL=postgresql+psycopg://user@host:port/db`` → a scratch
database made on that server for this run and dropped after it.
The schema is built once per run by the real migrations (``flask db upgrade``) into a
template (a SQLite file, or a PostgreSQL database made ``CREATE DATABASE … TEMPLATE``
from); each pytest-xdist worker (``-n 2``) gets its own copy of it, and each test starts
from empty tables. The template is made by the first worker that needs it (a file lock
keeps the others waiting) and removed by the run's main process at its end.
"""
import os
import shutil
import tempfile
import threading
import uuid
from datetime import date

import pytest
from filelock import FileLock
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app import create_app
from config import Config

PASSWORD = "correct-horse-9"

# hypothesis: "ci" in `make test` (about 100 examples per property, the same ones every run),
# "long" in `make test-long`; HYPOTHESIS_PROFILE chooses
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None, print_blob=True)
settings.register_profile("long", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    LOGIN_RATE_LIMIT = "10 per minute"
    #: tests sign many users in from 127.0.0.1; tests/security/test_sign_in_limits.py sets a low one
    LOGIN_RATE_LIMIT_PER_ADDRESS = "1000 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    SKIP_MIGRATION_CHECK = False


def _scratch_postgres(base_url: str, template: str | None = None):
    url = make_url(base_url)
    name = f"fm_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    return url.set(database=name).render_as_string(hide_password=False), admin, name


# One run = the main pytest process and its xdist workers. The main process names the run and
# a folder shared by its workers (workers inherit its environment); each worker copies the
# run's template, built once by whichever worker comes first.
_RUN = "FM_TEST_RUN"
_SHARED = "FM_TEST_SHARED"


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    if not _is_worker(config):  # a fresh name even when started by a test of another run
        os.environ[_RUN] = uuid.uuid4().hex[:16]
        os.environ[_SHARED] = tempfile.mkdtemp(prefix="fm-test-run-")


def _template_name() -> str:
    return f"fm_tpl_{os.environ[_RUN]}"


def pytest_sessionfinish(session):
    if _is_worker(session.config) or _RUN not in os.environ:
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if base and os.path.exists(os.path.join(os.environ[_SHARED], "template.started")):
        admin = create_engine(make_url(base), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{_template_name()}" WITH (FORCE)'))
        finally:
            admin.dispose()
    shutil.rmtree(os.environ[_SHARED], ignore_errors=True)


def _migrate(url, instance_path):
    from flask_migrate import upgrade

    from models import db

    app = _make_app(url, instance_path)
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


def _migrated_copy(base, tmp_path_factory):
    """A database of this worker's own, copied from the run's migrated template: (url, drop)."""
    shared = os.environ[_SHARED]
    with FileLock(os.path.join(shared, "template.lock")):
        built = os.path.join(shared, "template.built")
        if base:
            template = _template_name()
            if not os.path.exists(built):
                open(os.path.join(shared, "template.started"), "w").close()  # the main process drops it at the end
                admin = create_engine(make_url(base), isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:  # a failed earlier attempt of this run may have left it
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
                    conn.execute(text(f'CREATE DATABASE "{template}"'))
                admin.dispose()
                _migrate(make_url(base).set(database=template).render_as_string(hide_password=False),
                         tmp_path_factory.mktemp("template_instance"))
                open(built, "w").close()
            # inside the lock: PostgreSQL copies a template only while nobody else is connected to it
            url, admin, name = _scratch_postgres(base, template=template)
        else:
            template = os.path.join(shared, "template.db")
            if not os.path.exists(built):
                _migrate(f"sqlite:///{template}", tmp_path_factory.mktemp("template_instance"))
                open(built, "w").close()
            path = tmp_path_factory.mktemp("db") / "test.db"
            shutil.copyfile(template, path)
            return f"sqlite:///{path}", None
    return url, (admin, name)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url, scratch = _migrated_copy(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory)
    yield url
    if scratch is not None:
        admin, name = scratch
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


#: failures of a browser test that mean "waited too long" (pytest-rerunfailures matches them against the error)
_WAITED_TOO_LONG = ["TimeoutError", "Timed out waiting", "not attached to the DOM"]
_E2E = os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e") + os.sep


def pytest_itemcollected(item):
    """Every browser test is marked ``e2e`` (tests/e2e/ or using the ``browser`` fixture), marked or not
    in its file: ``make test-postgres`` runs only the ``both_engines`` ones (README "Working on it").

    A test using a module-scoped fixture (a Chromium, the loaded demo, the extracted catalog) runs in
    the same xdist process as the rest of its module (``--dist loadgroup``), so the fixture is made
    once per run rather than once per process, or again each time the process comes back to the module.
    """
    if str(item.path).startswith(_E2E) or "browser" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.e2e)
        # a browser test that timed out waiting (a screen, a locator, the outbox) on a loaded machine runs
        # once more; any other failure fails at once, and a rerun shows as "R" in the summary
        item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=_WAITED_TOO_LONG))
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    if item.config.pluginmanager.hasplugin("xdist") and any(
            definitions[-1].scope == "module" for definitions in fixtures.values() if definitions):
        item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def _make_app(url, instance_path, **overrides):
    config = type("RunConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **overrides})
    app = create_app(config)
    app.instance_path = str(instance_path)
    return app


def _empty_all_tables(app):
    from models import db

    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            # DELETE beats TRUNCATE on PostgreSQL for a handful of rows per table
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app_factory(database_url, tmp_path):
    """Make an app on the test database with config overrides (tables emptied after the test)."""
    made = []

    def factory(**overrides):
        app = _make_app(database_url, tmp_path / f"instance{len(made)}", **overrides)
        made.append(app)
        return app

    yield factory
    on_test_db = [a for a in made if a.config["SQLALCHEMY_DATABASE_URI"] == database_url]
    if on_test_db:
        _empty_all_tables(on_test_db[0])
        from models import db

        for app in made:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app, app_factory):
    """A database session for arranging and checking data.

    It belongs to a second app on the same database, so requests made through
    ``client`` never share this session or its transaction (as two processes).
    """
    from models import db

    with app_factory().app_context():
        yield db.session


@pytest.fixture(scope="session")
def password_hash():
    from security.passwords import hash_password

    return hash_password(PASSWORD)


@pytest.fixture
def world(app, password_hash):
    """Two programmes, A and B, each with a cohort, participants and one user per role."""
    from tests.factories import build_world

    with app.app_context():
        return build_world(password_hash)


class ApiClient:
    """A device talking to /api/v1 with a bearer token, as the phone does."""

    def __init__(self, client, token=None, device_id=None):
        self.client = client
        self.token = token
        self.device_id = device_id or str(uuid.uuid4())

    def headers(self, extra=None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, path, **kw):
        return self.client.get(f"/api/v1{path}", headers=self.headers(kw.pop("headers", None)), **kw)

    def post(self, path, json=None, **kw):
        return self.client.post(f"/api/v1{path}", json=json, headers=self.headers(kw.pop("headers", None)), **kw)

    def patch(self, path, json=None, **kw):
        return self.client.patch(f"/api/v1{path}", json=json, headers=self.headers(kw.pop("headers", None)), **kw)

    def delete(self, path, **kw):
        return self.client.delete(f"/api/v1{path}", headers=self.headers(kw.pop("headers", None)), **kw)


@pytest.fixture
def api(client):
    """``api("username")`` → an ApiClient signed in as that user on a new device."""

    def sign_in(username, password=PASSWORD, device_id=None):
        device_id = device_id or str(uuid.uuid4())
        response = client.post("/api/v1/auth/token",
                               json={"username": username, "password": password, "device_id": device_id})
        assert response.status_code == 200, response.get_json()
        return ApiClient(client, response.get_json()["token"], device_id)

    return sign_in


@pytest.fixture
def live_server(app):
    """The app on a real HTTP server on loopback; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def today():
    return date.today()
