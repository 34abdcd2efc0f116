"""The field app's shell as the server hands it out: /, /sw.js, the manifest, the precache."""
import json
import pathlib
import re
import struct

import pytest

from field.shell import STATIC, sync_tag


@pytest.fixture
def worker(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response


def precache_of(worker_text):
    return json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker_text).group(1))


def test_the_root_is_the_app_shell_with_no_inline_script_or_style(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<script type="module" src="/static/js/app.js"></script>' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html and not re.search(r"\son[a-z]+=", html)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-cache"


def test_worker_is_served_at_the_root_uncached_and_pulls_in_push_handlers(worker):
    text = worker.get_data(as_text=True)
    assert worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache"
    assert any(line.startswith("importScripts('/static/sw-push.js');") for line in text.splitlines())
    assert "__SHELL_VERSION__" not in text and "__PRECACHE__" not in text and "__SYNC_TAG__" not in text
    assert re.search(r"const VERSION = \"[0-9a-f]{16}\";", text)


def test_the_sync_tag_is_named_once_and_the_worker_gets_it_from_there(worker):
    tag = sync_tag()
    assert tag == "fm-outbox"
    assert f"const SYNC_TAG = {json.dumps(tag)};" in worker.get_data(as_text=True)
    naming = {str(path.relative_to(STATIC)) for path in pathlib.Path(STATIC).rglob("*.js")
              if tag in path.read_text(encoding="utf-8")}
    assert naming == {"js/sync-loop.js"}


def test_precache_holds_every_module_the_app_imports_and_each_answers(client, worker):
    urls = precache_of(worker.get_data(as_text=True))
    assert {"/", "/manifest.webmanifest", "/static/css/app.css", "/static/js/app.js", "/static/sw-push.js",
            "/static/icons/icon-192.png", "/static/icons/maskable-512.png"} <= set(urls)
    assert not any(u.endswith(("review.js", "review.css", "/sw.js")) for u in urls)
    # follow static and dynamic imports from app.js: everything reachable must be precached
    seen, todo = set(), ["js/app.js"]
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        source = open(f"{STATIC}/{rel}", encoding="utf-8").read()
        base = rel.rsplit("/", 1)[0]
        for target in re.findall(r"from '(\.[^']+)'|import\('(\.[^']+)'\)", source):
            path = next(t for t in target if t)
            parts = f"{base}/{path}".split("/")
            resolved = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part != ".":
                    resolved.append(part)
            todo.append("/".join(resolved))
        for screen in re.findall(r"\[/\^[^,]+, '([\w-]+)'\]", source):
            todo.append(f"js/screens/{screen}.js")
    assert {f"/static/{rel}" for rel in seen} <= set(urls)
    assert len(seen) > 25
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_any_shell_change_changes_the_worker_bytes(app, client, worker):
    before = worker.get_data()
    assert client.get("/sw.js").get_data() == before  # stable while nothing changes
    app.config["SHELL_VERSION_SALT"] = "release-2"
    after = client.get("/sw.js").get_data()
    assert after != before and precache_of(after.decode()) == precache_of(before.decode())


def _png_size(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"]
    sizes = {}
    for icon in manifest["icons"]:
        body = client.get(icon["src"])
        assert body.status_code == 200
        if icon["type"] == "image/png":
            width, height = _png_size(body.get_data())
            assert icon["sizes"] == f"{width}x{height}"
            sizes.setdefault(icon["purpose"], set()).add(width)
    assert sizes == {"any": {192, 512}, "maskable": {192, 512}}


def test_the_first_screen_modules_are_preloaded_at_once(client, worker):
    """Every module Today needs is named as modulepreload (no waterfall of imports on an offline reload), each
    one precached; a screen opened later (the sync screen) is not."""
    html = client.get("/").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    assert {"/static/js/i18n.js", "/static/js/db.js", "/static/js/screens/today.js", "/static/js/store.js",
            "/static/js/sync-apply.js", "/static/js/screens/install-hint.js"} <= set(preloaded)
    assert "/static/js/app.js" not in preloaded and "/static/js/screens/sync.js" not in preloaded
    assert len(preloaded) == len(set(preloaded))
    assert set(preloaded) <= set(precache_of(worker.get_data(as_text=True)))
