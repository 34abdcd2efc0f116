"""Template globals: locale, direction, language names."""
from flask import current_app, request
from flask_babel import get_locale

from security.locale import LOCALE_COOKIE, text_direction


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
        }

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in current_app.config["LANGUAGES"]:
            response.set_cookie(LOCALE_COOKIE, chosen, max_age=365 * 86400, samesite="Lax",
                                secure=request.is_secure)
        return response
