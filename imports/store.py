"""An uploaded roster kept between the page's steps: in the instance folder, under an unguessable token.

The token (``secrets.token_urlsafe``) names a directory holding the file and who
may use it (user and programme); anyone else's request finds nothing. A file is
deleted after its import is committed, and any older than ``LIFETIME`` is
deleted on the next upload or look-up.
"""
import json
import os
import re
import secrets
import shutil
import time

LIFETIME = 2 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _root(instance_path: str) -> str:
    return os.path.join(instance_path, "roster-imports")


def _purge(root: str) -> None:
    if not os.path.isdir(root):
        return
    now = time.time()
    for name in os.listdir(root):
        path = os.path.join(root, name)
        try:
            if now - os.path.getmtime(path) > LIFETIME:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def save(instance_path: str, user_id: str, programme_id: str, filename: str, data: bytes) -> str:
    root = _root(instance_path)
    _purge(root)
    token = secrets.token_urlsafe(24)
    path = os.path.join(root, token)
    os.makedirs(path, mode=0o700)
    with open(os.path.join(path, "file"), "wb") as f:
        f.write(data)
    with open(os.path.join(path, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"user_id": user_id, "programme_id": programme_id, "filename": filename[:200]}, f)
    return token


def load(instance_path: str, token: str, user_id: str, programme_id: str):
    """(filename, bytes) of the upload, or None (unknown, expired, or another user's or programme's)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    root = _root(instance_path)
    _purge(root)
    path = os.path.join(root, token)
    try:
        with open(os.path.join(path, "meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("user_id") != user_id or meta.get("programme_id") != programme_id:
            return None
        with open(os.path.join(path, "file"), "rb") as f:
            return meta.get("filename", ""), f.read()
    except (OSError, ValueError):
        return None


def delete(instance_path: str, token: str) -> None:
    if isinstance(token, str) and _TOKEN.fullmatch(token):
        shutil.rmtree(os.path.join(_root(instance_path), token), ignore_errors=True)
