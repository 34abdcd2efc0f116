"""Template globals (locale, direction, language names) and the language switch of every page."""
from urllib.parse import urlencode

from flask import abort, current_app, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from security.boundary import local_path
from security.locale import LOCALE_COOKIE, text_direction

from . import bp


def _set_language_cookie(response, code: str) -> None:
    response.set_cookie(LOCALE_COOKIE, code, max_age=365 * 86400, samesite="Lax", secure=request.is_secure)


def _this_page_without_lang() -> str:
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return request.path + (f"?{urlencode(args)}" if args else "")


@bp.post("/language")
def set_language():
    """The language switch: kept in a cookie, and in the profile of a signed-in user."""
    from models import db

    code = request.form.get("lang")
    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        db.session.commit()
    back = request.form.get("back")
    response = redirect(back if back and local_path(back) else url_for("review.review_home"))
    _set_language_cookie(response, code)
    return response


def init_app(app):
    from flask_babel import format_date, format_datetime

    app.jinja_env.filters.setdefault("datetimeformat", lambda v, f="medium": format_datetime(v, f) if v else "")
    app.jinja_env.filters.setdefault("dateformat", lambda v, f="medium": format_date(v, f) if v else "")

    @app.context_processor
    def inject_locale():
        locale = str(get_locale())
        return {
            "current_locale": locale,
            "text_direction": text_direction(locale),
            "languages": current_app.config["LANGUAGES"],
            "language_back": _this_page_without_lang(),
        }

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in current_app.config["LANGUAGES"]:
            _set_language_cookie(response, chosen)
        return response
