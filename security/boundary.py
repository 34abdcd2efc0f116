"""The request boundary: a query, form or path parameter with text no column can hold is a 400, before any view.

The same rule as every schema field (security/text.py), applied generically so
that no parameter reaches a query with a NUL (PostgreSQL refuses it with an
error, which would be a 500). Tab and line breaks pass here; the forms' own
schemas decide which fields may hold them.
"""
import re
from urllib.parse import urlsplit

from flask import request
from werkzeug.exceptions import BadRequest

from security.text import clean, text_problem

_NOT_IN_A_PATH = re.compile(r"[\x00-\x1f\x7f\\]")


def local_path(target: str) -> bool:
    """A path of this site, safe in a Location header: no host, no control character, no backslash
    (browsers read ``/\\host`` as ``//host``)."""
    return (target.startswith("/") and not target.startswith("//") and not _NOT_IN_A_PATH.search(target)
            and not urlsplit(target).netloc)


def _problems() -> dict:
    sources = [request.args.items(multi=True), (request.view_args or {}).items()]
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.form.items(multi=True))
    errors = {}
    for items in sources:
        for name, value in items:
            for text, field in ((name, "parameter"), (value, name)):
                if not isinstance(text, str):
                    continue
                problem = text_problem(text, clean(field, multiline=False), multiline=True)
                if problem:
                    errors.setdefault(clean(field, multiline=False), []).append(problem)
    return errors


def check_parameters():
    errors = _problems()
    if not errors:
        return None
    message = next(iter(errors.values()))[0]
    refused = BadRequest(description=message)
    refused.fm_message, refused.fm_errors = message, errors  # the JSON error shape under /api/ (api/errors.py)
    raise refused


def init_app(app):
    app.before_request(check_parameters)
