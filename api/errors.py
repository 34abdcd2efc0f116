"""One JSON error body for every /api/ path (SYNC.md "Errors")."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from models import db


def _default_messages() -> dict:
    """Translated default messages; built per call so the request's locale applies."""
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in again."),
        403: _("You do not have access to this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state."),
        413: _("The request is too large."),
        415: _("Send the request as JSON (Content-Type: application/json)."),
        422: _("Some fields are not valid."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on the server. Nothing was changed; please try again."),
        503: _("The service is not available right now."),
    }


def error_response(code: int, message: str | None = None, errors: dict | None = None, **extra):
    body = {
        "code": code,
        "status": HTTP_STATUS_CODES.get(code, "Error"),
        "message": message or _default_messages().get(code, HTTP_STATUS_CODES.get(code, "Error")),
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = jsonify(body)
    response.status_code = code
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_exception(exc: HTTPException):
    if isinstance(exc, InternalServerError):
        db.session.rollback()
    if wants_json():
        message = getattr(exc, "fm_message", None)
        response = error_response(exc.code or 500, message, getattr(exc, "fm_errors", None),
                                  **getattr(exc, "fm_extra", {}))
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response
    specific = exc.description != type(exc).description
    message = exc.description if specific else _default_messages().get(exc.code, exc.description)
    return render_template("error.html", code=exc.code, message=message), exc.code


def handle_unexpected(exc: Exception):
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s", request.path)
    return handle_http_exception(InternalServerError())


def api_abort(code: int, message: str | None = None, errors: dict | None = None, **extra):
    """Abort with the uniform body and a specific, translated message (``extra``: more top-level keys)."""
    from werkzeug.exceptions import default_exceptions

    exc = default_exceptions[code]()
    exc.fm_message = message
    exc.fm_errors = errors
    exc.fm_extra = extra
    raise exc


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
