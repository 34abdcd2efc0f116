"""One small ``Phone`` interface over two engines, so that a journey is written once and run on both:
Chromium through Playwright (the fixtures of conftest.py) and WebKitGTK through Selenium and Debian's
WebKitWebDriver under a private Xvfb (the engine Safari on iOS is built on).

Selectors are XPath 1.0 (both drivers take it). Scripts are string expressions, awaited when they
give a promise (the page's CSP has no 'unsafe-eval'; WebDriver scripts and Playwright string
expressions are not subject to it).
"""
import json
import os
import pathlib
import shutil
import subprocess
import time

import pytest

from .conftest import PHONE, TIMEOUT_MS

WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
XVFB = os.environ.get("XVFB", "/usr/bin/Xvfb")


def by_text(tag, text):
    """XPath: a ``tag`` whose whole visible text is ``text``."""
    return f"//{tag}[normalize-space()={json.dumps(text)}]"


def by_label(label):
    """XPath: the input, select or textarea a <label> names."""
    return f"//*[@id=//label[normalize-space()={json.dumps(label)}]/@for]"


class Phone:
    """What a journey does with a phone. ``server`` is the LiveServer the page talks to."""

    engine = "?"

    def __init__(self, server):
        self.server = server

    # -- implemented per engine
    def goto(self, path=""): raise NotImplementedError
    def reload(self): raise NotImplementedError
    def click(self, xpath): raise NotImplementedError
    def fill(self, xpath, value): raise NotImplementedError
    def text(self, xpath): raise NotImplementedError
    def evaluate(self, expression): raise NotImplementedError
    def upload(self, xpath, path): raise NotImplementedError
    def reopen(self): raise NotImplementedError
    def save_backup(self, path): raise NotImplementedError
    def screenshot(self, path): raise NotImplementedError

    def set_offline(self, offline):
        """No network for the page and its service worker: the server is stopped (WebKitGTK has no
        offline emulation; Chromium is told as well so that navigator.onLine follows)."""
        if offline:
            self.server.stop()
        else:
            self.server.start()

    # -- shared
    def wait_for(self, expression, timeout_ms=TIMEOUT_MS, what=None):
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                if self.evaluate(f"!!({expression})"):
                    return
            except Exception:  # a navigation in between: ask again
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: timed out waiting for {what or expression}")
            time.sleep(0.15)

    def wait_screen(self, name, timeout_ms=TIMEOUT_MS):
        self.wait_for(f"document.body && document.body.dataset.screen === {json.dumps(name)} "
                      "&& document.getElementById('view').dataset.ready", timeout_ms, what=f"screen {name}")

    def wait_text(self, xpath, pattern, timeout_ms=TIMEOUT_MS):
        import re

        deadline = time.monotonic() + timeout_ms / 1000
        seen = None
        while time.monotonic() < deadline:
            try:
                seen = self.text(xpath)
                if re.search(pattern, seen or ""):
                    return seen
            except Exception:
                pass
            time.sleep(0.15)
        raise AssertionError(f"{self.engine}: {xpath} has {seen!r}, not /{pattern}/")

    def go(self, path, screen):
        self.evaluate(f"location.hash = '#/' + {json.dumps(path)}")
        self.wait_screen(screen)


class PlaywrightPhone(Phone):
    engine = "chromium"

    def __init__(self, server, context):
        super().__init__(server)
        self.context = context
        self.page = context.new_page()

    def goto(self, path=""):
        self.page.goto(f"{self.server.url}/{path}")

    def reload(self):
        self.page.reload()

    def _one(self, xpath):
        return self.page.locator(f"xpath={xpath}").first

    def click(self, xpath):
        self._one(xpath).click()

    def fill(self, xpath, value):
        self._one(xpath).fill(value)

    def text(self, xpath):
        return self._one(xpath).inner_text(timeout=2000)

    def evaluate(self, expression):
        return self.page.evaluate(expression)

    def upload(self, xpath, path):
        self._one(xpath).set_input_files(str(path))

    def set_offline(self, offline):
        if offline:
            super().set_offline(True)
            self.context.set_offline(True)
        else:
            super().set_offline(False)
            self.context.set_offline(False)

    def reopen(self):
        self.page.close()
        self.page = self.context.new_page()
        self.goto()

    def save_backup(self, path):
        with self.page.expect_download() as download:
            self.click(by_text("button", "Download backup"))
        download.value.save_as(path)

    def screenshot(self, path):
        self.page.screenshot(path=str(path))


class WebKitPhone(Phone):
    engine = "webkit"

    def __init__(self, server, driver):
        super().__init__(server)
        self.driver = driver

    def goto(self, path=""):
        self.driver.get(f"{self.server.url}/{path}")

    def reload(self):
        self.driver.refresh()

    def _one(self, xpath, timeout_ms=TIMEOUT_MS):
        from selenium.webdriver.common.by import By

        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            found = [e for e in self.driver.find_elements(By.XPATH, xpath) if e.is_displayed()]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"webkit: nothing visible at {xpath}")
            time.sleep(0.15)

    def click(self, xpath):
        from selenium.common.exceptions import ElementClickInterceptedException

        element = self._one(xpath)
        for _ in range(20):
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
            try:
                element.click()
                return
            except ElementClickInterceptedException:  # still scrolling, or a toast over it for a moment
                time.sleep(0.3)
        over = self.driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
            "return [e && e.outerHTML.slice(0, 200), r.x, r.y, r.width, r.height, innerHeight];", element)
        self.driver.save_screenshot("/tmp/webkit-click-failed.png")
        raise AssertionError(f"webkit: something stays over {xpath}: {over}")

    def fill(self, xpath, value):
        element = self._one(xpath)
        element.clear()
        element.send_keys(value)

    def text(self, xpath):
        return self._one(xpath, timeout_ms=2000).text

    def evaluate(self, expression):
        answer = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve().then(() => ({expression}))"
            ".then((value) => done({ok: true, value}), (error) => done({ok: false, error: String(error)}));")
        if not answer["ok"]:
            raise RuntimeError(f"webkit: {expression[:80]}…: {answer['error']}")
        return answer["value"]

    def upload(self, xpath, path):
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.XPATH, xpath).send_keys(str(path))

    def reopen(self):
        """The tab is closed and the app opened again in a new one (same storage)."""
        old = self.driver.current_window_handle
        self.driver.switch_to.new_window("tab")
        new = self.driver.current_window_handle
        self.driver.switch_to.window(old)
        self.driver.close()
        self.driver.switch_to.window(new)
        self.goto()

    def save_backup(self, path):
        """WebKitWebDriver cannot take a download: the page's own backup code (backup.js, the code the
        "Download backup" button writes the file with) gives the file's content."""
        self.go("sync", "sync")
        backup = self.evaluate("import(location.origin + '/static/js/backup.js').then((m) => m.makeBackup())")
        pathlib.Path(path).write_text(json.dumps(backup, indent=1))

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))


# -- WebKitGTK under a private Xvfb -----------------------------------------------------------------

def webkit_missing():
    return [p for p in (WEBKIT_DRIVER, XVFB) if not shutil.which(p)]


def minibrowser():
    for found in sorted(pathlib.Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"), reverse=True):
        return str(found)
    return None


class Xvfb:
    """An X server on a display number it picks itself (-displayfd): safe with parallel workers."""

    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def xvfb():
    if webkit_missing():
        pytest.skip(f"WebKit lane needs {', '.join(webkit_missing())} (make browser installs them)")
    display = Xvfb()
    yield display.display
    display.stop()


#: MiniBrowser's header bar keeps its window at least ~447 px wide; a GTK style sheet of its own
#: (XDG_CONFIG_HOME) shrinks the window's frame so that the page can be 360 px wide like a phone's.
GTK_CSS = """headerbar, headerbar *, toolbar, toolbar *, entry, button, .titlebar, .titlebar * {
  min-width: 0; min-height: 0; padding: 0; margin: 0; font-size: 1px; border: 0; }"""


def start_webkit(display):
    """A Selenium session on WebKitGTK (MiniBrowser in automation mode) with a 360×740 page."""
    import tempfile
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    options = Options()
    browser = minibrowser()
    if browser:
        options.binary_location = browser
        options.add_argument("--automation")
    config = pathlib.Path(tempfile.mkdtemp(prefix="fm-webkit-"))
    (config / "gtk-3.0").mkdir()
    (config / "gtk-3.0" / "gtk.css").write_text(GTK_CSS)
    env = dict(os.environ, DISPLAY=display, XDG_CONFIG_HOME=str(config), WEBKIT_DISABLE_COMPOSITING_MODE="1", GDK_BACKEND="x11")
    service = Service(executable_path=WEBKIT_DRIVER, env=env)  # a free port of its own
    driver = webdriver.WebKitGTK(options=options, service=service)
    driver.fm_config_dir = config  # removed by quit_webkit()
    driver.set_script_timeout(TIMEOUT_MS / 1000)
    driver.set_window_size(PHONE["width"], PHONE["height"])
    # the window's frame is not the page: grow it until the page itself is 360×740
    inner = driver.execute_script("return [innerWidth, innerHeight]")
    driver.set_window_size(2 * PHONE["width"] - inner[0], 2 * PHONE["height"] - inner[1])
    return driver


def quit_webkit(driver):
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "fm_config_dir", ""), ignore_errors=True)


@pytest.fixture
def webkit_device(xvfb):
    """``webkit_device(server)`` → a WebKitPhone (its own automation session: storage of its own)."""
    drivers = []

    def make(server):
        driver = start_webkit(xvfb)
        drivers.append(driver)
        return WebKitPhone(server, driver)

    yield make
    for driver in drivers:
        try:
            quit_webkit(driver)
        except Exception:
            pass


@pytest.fixture(params=["chromium", pytest.param("webkit", marks=pytest.mark.webkit)])
def phone_factory(request):
    """``phone_factory(server)`` → a new phone on the engine of this run of the test.
    WebKit runs on SQLite only (the lane proves the engine; the server is the same on both databases)."""
    if request.param == "chromium":
        make_context = request.getfixturevalue("device")
        return lambda server: PlaywrightPhone(server, make_context())
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("the WebKit lane runs on SQLite only")
    return request.getfixturevalue("webkit_device")
