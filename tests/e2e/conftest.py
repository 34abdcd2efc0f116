"""Real headless Chromium against the app on loopback (Python Playwright).

The server can be stopped and started again on the same port (so that the
service worker's own requests fail too, which ``context.set_offline`` alone
does not do), and can be told to fail /api/v1/sync with a 500 before or
after the request has been committed.
"""
import os
import pathlib
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
#: generous: a loaded 2-core machine runs several engineers' work at once
TIMEOUT_MS = 30000


class FaultyApp:
    """WSGI wrapper: ``mode`` None passes through; "500" answers /api/v1/sync with 500 without
    running it; "500-after-commit" runs it (the server commits) and then answers 500."""

    def __init__(self, app):
        self.app = app
        self.mode = None
        self.sync_calls = 0

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != "/api/v1/sync" or self.mode is None:
            return self.app(environ, start_response)
        if self.mode == "500-after-commit":
            answer = self.app(environ, lambda *args, **kw: None)
            b"".join(answer)  # the request runs and commits; its answer is lost on the way
            getattr(answer, "close", lambda: None)()
        self.sync_calls += 1  # counted once the server is done with it
        start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "application/json")])
        return [b'{"code": 500, "status": "Internal Server Error", "message": "test fault"}']


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.wsgi = FaultyApp(app)
        self.port = None
        self._server = None
        self._thread = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._server = make_server("127.0.0.1", self.port or 0, self.wsgi, threaded=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self._server = None


@pytest.fixture
def server(app, world):
    live = LiveServer(app)
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def device(browser):
    """``device()`` → a new phone: its own browser context (storage) at 360×740."""
    contexts = []

    def make(**options):
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                      service_workers="allow", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
