"""Which language to answer in: saved preference, then cookie, then Accept-Language."""
from flask import current_app, g, request
from flask_login import current_user

from config import RTL_LANGUAGES
from extensions import babel

LOCALE_COOKIE = "fm_lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    user = getattr(g, "user", None)
    if user is None and current_user and current_user.is_authenticated:
        user = current_user
    if user is not None and user.locale in languages:
        return user.locale
    chosen = request.args.get("lang") or request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction(locale: str) -> str:
    return "rtl" if str(locale).split("_")[0] in RTL_LANGUAGES else "ltr"


def init_app(app):
    import os

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=os.path.join(app.root_path, "translations"))
