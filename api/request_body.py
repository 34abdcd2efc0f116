"""Reading a JSON body: gzip allowed, size capped after decompression too."""
import json
import math
import zlib

from flask import current_app, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from .errors import api_abort


def json_body() -> object:
    """The parsed JSON body, or a uniform 400/413/415 error."""
    if request.mimetype != "application/json":
        api_abort(415)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    raw = request.get_data(cache=False)
    encoding = request.headers.get("Content-Encoding", "identity").lower()
    if encoding == "gzip":
        raw = _gunzip(raw, limit)
    elif encoding not in ("identity", ""):
        api_abort(415, _("Unsupported Content-Encoding: %(enc)s.", enc=encoding))
    try:
        return json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except (UnicodeDecodeError, ValueError):
        unreadable(_("The body is not valid JSON."))
    except RecursionError:
        unreadable(_("The body is nested too deeply to be read."))


def unreadable(message: str):
    """A whole-request 400 for a body that cannot be parsed at all; ``errors.body`` tells a phone to split its batch."""
    api_abort(400, message, {"body": [message]})


def peek_json() -> object | None:
    """The parsed JSON body, or None when there is none that can be read; never an error.

    For code that looks at the body before the view does (the sign-in rate-limit key):
    the raw body stays cached, so the view's ``json_body`` reads it again.
    """
    if request.mimetype != "application/json":
        return None
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    try:
        raw = request.get_data(cache=True)
    except HTTPException:  # too large: the view answers 413
        return None
    if request.headers.get("Content-Encoding", "identity").lower() == "gzip":
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = decompressor.decompress(raw, limit + 1)
        except zlib.error:
            return None
        if len(raw) > limit:
            return None
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _no_constant(name: str):
    """NaN and Infinity are not JSON (and no database column takes them)."""
    raise ValueError(name)


def _finite(text: str) -> float:
    """A number beyond a double's range (1e999) would be Infinity, which no JSON column takes."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(text)
    return value


def _gunzip(raw: bytes, limit: int) -> bytes:
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(raw, limit + 1)
    except zlib.error:
        unreadable(_("The gzip body could not be decompressed."))
    if len(out) > limit or decompressor.unconsumed_tail:
        api_abort(413)
    return out


def load_body(schema) -> dict:
    """The JSON body validated by a marshmallow ``schema``, or a 400 with field errors."""
    payload = json_body()
    if not isinstance(payload, dict):
        api_abort(400, _("The body must be a JSON object."))
    try:
        return schema.load(payload)
    except ValidationError as err:
        api_abort(400, _("Some fields are missing or not valid."), err.messages)
