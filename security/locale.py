"""Which language to answer in.

Order: ``?lang=`` (that answer only), the user's saved preference, the cookie,
then ``Accept-Language``. A GET never saves anything: the language switch posts
to ``/language`` (field/context.py), which saves it to the signed-in user's
profile, so the phone app gets it on its next sign-in too; the phone itself
saves it with ``PATCH /api/v1/me``.
"""
from flask import current_app, g, has_request_context, request
from flask_login import current_user

from config import RTL_LANGUAGES
from extensions import babel

LOCALE_COOKIE = "fm_lang"


def _signed_in_user():
    user = getattr(g, "user", None)
    if user is None and current_user and current_user.is_authenticated:
        user = current_user
    return user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command (demo loader, users create): the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    picked = request.args.get("lang")
    if picked in languages:
        return picked
    user = _signed_in_user()
    if user is not None and user.locale in languages:
        return user.locale
    if request.cookies.get(LOCALE_COOKIE) in languages:
        return request.cookies[LOCALE_COOKIE]
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction(locale: str) -> str:
    return "rtl" if str(locale).split("_")[0] in RTL_LANGUAGES else "ltr"


def init_app(app):
    import os

    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=os.path.join(app.root_path, "translations"))
