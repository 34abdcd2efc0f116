"""The field app's shell: ``/``, ``/sw.js`` (scope ``/``) and ``/manifest.webmanifest``.

The service worker's text carries a version made from the bytes of every
shell file, so that a change of any of them makes browsers install the new
worker (a browser compares the worker's bytes, not the files it caches). The
Background Sync tag, named once in ``js/sync-loop.js``, is filled in the same way.
"""
import hashlib
import json
import os
import posixpath
import re

from flask import Response, current_app, render_template, url_for
from flask_babel import gettext as _

from . import bp

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")
#: static files of the coordinator pages, which the phone never needs
NOT_SHELL = {"js/review.js", "css/review.css", "sw.js"}
SHELL_FOLDERS = ("js", "css", "icons", "i18n")
#: a static ``import … from './x.js'`` / ``export … from`` / ``import './x.js'`` (dynamic import() is not one)
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s[^'"`;]*?from\s*'(\.{1,2}/[^']+)'|^\s*import\s*'(\.{1,2}/[^']+)'""", re.M)
#: the first screen's modules: the app and Today (a route imports its screen only when it opens)
STARTUP_ENTRIES = ("js/app.js", "js/screens/today.js")
#: where the page's sync loop names the Background Sync tag, which the worker needs too
SYNC_TAG_DEFINITION = re.compile(r"^export const SYNC_TAG = '([\w-]+)';$", re.M)


def shell_static_files() -> list[str]:
    """Paths under static/ that the app needs offline, sorted."""
    found = []
    for folder in SHELL_FOLDERS:
        for root, _dirs, files in os.walk(os.path.join(STATIC, folder)):
            for name in files:
                rel = os.path.relpath(os.path.join(root, name), STATIC).replace(os.sep, "/")
                if rel not in NOT_SHELL and not name.startswith(".") and not name.endswith(".py"):
                    found.append(rel)
    if os.path.exists(os.path.join(STATIC, "sw-push.js")):
        found.append("sw-push.js")
    return sorted(found)


def startup_modules() -> list[str]:
    """Every module the app needs to show Today, in import order: the page names them all as modulepreload,
    so the browser fetches and compiles them at once instead of one level of imports after another."""
    found, todo = [], list(STARTUP_ENTRIES)
    while todo:
        rel = todo.pop(0)
        if rel in found:
            continue
        found.append(rel)
        with open(os.path.join(STATIC, rel), encoding="utf-8") as fh:
            for match in STATIC_IMPORT.finditer(fh.read()):
                target = match.group(1) or match.group(2)
                todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(rel), target)))
    return found


def _files_digest(files: list[str]) -> str:
    digest = hashlib.sha256()
    sources = [os.path.join(HERE, "templates", "app.html"), os.path.join(STATIC, "sw.js")]
    sources += [os.path.join(STATIC, rel) for rel in files]
    for path in sources:
        digest.update(path.encode())
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()


def sync_tag() -> str:
    """The Background Sync tag of ``js/sync-loop.js`` (``SYNC_TAG``)."""
    with open(os.path.join(STATIC, "js", "sync-loop.js"), encoding="utf-8") as fh:
        return SYNC_TAG_DEFINITION.search(fh.read()).group(1)


def _shell():
    """(version, precache URLs, sync tag), computed once per app from the files on disk."""
    cached = current_app.extensions.get("fm_shell")
    if cached is None:
        files = shell_static_files()
        urls = ["/", "/manifest.webmanifest"] + [url_for("field.static", filename=rel) for rel in files]
        cached = current_app.extensions["fm_shell"] = (_files_digest(files), urls, sync_tag(), startup_modules())
    digest, urls, tag, _modules = cached
    salt = current_app.config.get("SHELL_VERSION_SALT", "")
    version = hashlib.sha256(f"{digest}:{salt}".encode()).hexdigest()[:16] if salt else digest[:16]
    return version, urls, tag, cached[3]


def shell_version() -> str:
    return _shell()[0]


@bp.get("/")
def app_shell():
    response = Response(render_template("app.html", shell_version=shell_version(), preload_modules=_shell()[3]))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    version, urls, tag, _modules = _shell()
    with open(os.path.join(STATIC, "sw.js"), encoding="utf-8") as fh:
        text = fh.read()
    for placeholder, value in (("'__SHELL_VERSION__'", version), ("'__PRECACHE__'", urls), ("'__SYNC_TAG__'", tag)):
        text = text.replace(placeholder, json.dumps(value))
    response = Response(text, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    icons = [
        {"src": url_for("field.static", filename="icons/icon.svg"), "sizes": "any", "type": "image/svg+xml",
         "purpose": "any"},
        {"src": url_for("field.static", filename="icons/icon-192.png"), "sizes": "192x192", "type": "image/png",
         "purpose": "any"},
        {"src": url_for("field.static", filename="icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
         "purpose": "any"},
        {"src": url_for("field.static", filename="icons/maskable-192.png"), "sizes": "192x192",
         "type": "image/png", "purpose": "maskable"},
        {"src": url_for("field.static", filename="icons/maskable-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "maskable"},
    ]
    body = {
        "id": "/",
        "name": _("Field Mentor"),
        "short_name": _("Field Mentor"),
        "description": _("Sessions, attendance, skills and mentoring, with or without a connection."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b3d2e",
        "icons": icons,
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response
