"""The README's deployment (RATELIMIT_STORAGE_URI=redis://…): two server processes count sign-in
attempts together, for /login and the token endpoint alike (Redis at 127.0.0.1:6379)."""
import os
import re
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REDIS = "redis://127.0.0.1:6379/0"
STRONG = "5f0c8e2b9a1d4c7e8f3a6b2d9e1c4f7a8b3d6e9f2a5c8b1e"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(base, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            if requests.get(f"{base}/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.fixture
def two_servers(world, database_url):
    """Two gunicorn processes on the test database, as the README deploys them (one worker each)."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": STRONG, "RATELIMIT_STORAGE_URI": REDIS,
           "RATELIMIT_KEY_PREFIX": f"fm-test-{uuid.uuid4().hex[:12]}", "LOGIN_RATE_LIMIT": "5 per minute",
           "LOGIN_RATE_LIMIT_PER_ADDRESS": "1000 per minute", "PROXY_HOPS": "0"}
    servers = []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "app:create_app()"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            servers.append((f"http://127.0.0.1:{port}", process))
        for base, process in servers:
            _wait_ready(base, process)
        yield [base for base, _ in servers]
    finally:
        for _, process in servers:
            process.terminate()
        for _, process in servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def token_attempt(base, username="coord_a"):
    return requests.post(f"{base}/api/v1/auth/token", timeout=10, json={
        "username": username, "password": "wrong", "device_id": str(uuid.uuid4())}).status_code


def page_attempt(base, username="coord_a"):
    browser = requests.Session()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', browser.get(f"{base}/login", timeout=10).text).group(1)
    return browser.post(f"{base}/login", timeout=10, allow_redirects=False,
                        data={"username": username, "password": "wrong", "csrf_token": token}).status_code


def test_two_server_processes_share_the_sign_in_limit(two_servers):
    first, second = two_servers
    codes = [token_attempt(first), token_attempt(second), page_attempt(first), page_attempt(second),
             token_attempt(first)]
    assert codes == [401] * 5
    assert token_attempt(second) == 429
    assert page_attempt(first) == 429
    assert token_attempt(first, "coord_b") == 401
