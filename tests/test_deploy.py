"""The README's "Deploying" recipe, run as written on a fresh copy of the repository, serves a
translated app: a German reader gets a German API error and a German sign-in page.

The commands are read from the README's Deploying code block, so recipe and test cannot drift.
The copy holds the repository's tracked files only (no .venv, no compiled catalogs: they are
build outputs). What the test changes, and why:

- ``python3 -m venv .venv`` runs with ``--without-pip`` and ``.venv/bin/pip install -r
  requirements.txt`` runs as this interpreter's pip with ``--python .venv/bin/python --no-compile``
  (same packages, same index and cache, into the fresh venv): setting up pip inside the venv and
  byte-compiling every package take about 35 of the 45 s a literal run needs on the 2-core CI
  machine; neither changes what is installed.
- The placeholders ``…`` are filled: ``DATABASE_URL`` is a scratch PostgreSQL database when the
  suite runs on PostgreSQL (``TEST_DATABASE_URL``), else a SQLite file; ``SECRET_KEY`` a random key.
- gunicorn binds a free loopback port instead of 8000.

Deselect with ``-m "not deploy"``.
"""
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

pytestmark = pytest.mark.deploy
ROOT = Path(__file__).resolve().parent.parent
VENV_LINE = "python3 -m venv .venv"
INSTALL_LINE = ".venv/bin/pip install -r requirements.txt"


def deploy_block() -> list[str]:
    """The command lines of the README's Deploying code block (comments stripped)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Deploying", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = []
    for raw in block.splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


def fresh_copy(target: Path) -> None:
    """The repository's tracked files as they are in the working tree."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, names.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def german(msgid: str) -> str:
    with open(ROOT / "translations" / "de" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        text = read_po(fh, locale="de")[msgid].string
    assert text and text != msgid
    return text


@pytest.fixture
def database_for_deploy(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'deploy.db'}"
        return
    from sqlalchemy import text

    from tests.conftest import _scratch_postgres

    url, admin, name = _scratch_postgres(base)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_readme_deploy_recipe_serves_a_translated_app(tmp_path, database_for_deploy):
    lines = deploy_block()
    assert VENV_LINE in lines and INSTALL_LINE in lines, lines
    assert lines[-1].startswith(".venv/bin/gunicorn "), "the recipe ends by starting gunicorn"
    repo = tmp_path / "fieldmentor"
    fresh_copy(repo)
    assert not list(repo.glob("translations/*/LC_MESSAGES/*.mo")) and not (repo / "field/static/i18n").exists()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "DATABASE_URL", "SECRET_KEY"))}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    host_pip = [sys.executable, "-m", "pip"]
    port = free_port()
    for line in lines[:-1]:
        if line == VENV_LINE:
            command = ["python3", "-m", "venv", "--without-pip", ".venv"]
        elif line == INSTALL_LINE:
            command = host_pip + ["--python", ".venv/bin/python", "install", "-q", "--no-compile",
                                  "--disable-pip-version-check", "-r", "requirements.txt"]
        elif line.startswith("export "):
            for assignment in shlex.split(line)[1:]:
                name, _, value = assignment.partition("=")
                if "…" in value:
                    value = {"DATABASE_URL": database_for_deploy, "SECRET_KEY": secrets.token_hex(32)}[name]
                env[name] = value
            continue
        else:
            command = shlex.split(line)
        done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"

    gunicorn = shlex.split(lines[-1])
    bind = gunicorn.index("--bind")
    gunicorn[bind + 1] = f"127.0.0.1:{port}"
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen(gunicorn, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            try:
                requests.get(f"{base}/login", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):  # workers still starting
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.3)
        de = {"Accept-Language": "de"}
        error = requests.get(f"{base}/api/v1/me", headers=de, timeout=10)
        assert error.status_code == 401
        assert error.json()["message"] == german("Please sign in again.")
        missing = requests.get(f"{base}/api/v1/no-such-thing", headers=de, timeout=10)
        assert missing.status_code == 404 and missing.json()["message"] == german("Not found.")
        page = requests.get(f"{base}/login", headers=de, timeout=10)
        assert page.status_code == 200
        assert '<html lang="de"' in page.text and german("Sign in") in page.text
        browser = requests.get(f"{base}/static/i18n/de.json", timeout=10)
        assert browser.status_code == 200 and browser.json()["locale"] == "de" and browser.json()["messages"]
        assert requests.get(f"{base}/login", headers={"Accept-Language": "en"}, timeout=10).text.count("Sign in")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()

    # an update brings a newer .po (git pull): the next start compiles it again
    po = repo / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        f'msgstr "{german("Not found.")}"', 'msgstr "Nicht gefunden (neu)."', 1), encoding="utf-8")
    os.utime(po, (time.time() + 5, time.time() + 5))
    started = subprocess.run([".venv/bin/python", "-c", "from app import create_app; create_app()"], cwd=repo,
                             env=env, capture_output=True, text=True, timeout=60)
    assert started.returncode == 0, started.stderr[-3000:]
    with open(po.with_suffix(".mo"), "rb") as fh:
        assert read_mo(fh)["Not found."].string == "Nicht gefunden (neu)."
