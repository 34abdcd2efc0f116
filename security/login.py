"""Cookie sign-in for coordinator pages (Flask-Login), CSRF on every form."""
from flask import request
from sqlalchemy import select

from extensions import csrf, limiter, login_manager


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "review.login"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    limiter.init_app(app)

    @login_manager.user_loader
    def load_user(cookie_id: str):
        from models import User, db

        user_id, _, epoch = cookie_id.partition(":")
        user = db.session.scalar(select(User).where(User.id == user_id))
        if user is None or str(user.session_epoch) != epoch or not user.is_active:
            return None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, url_for

        return redirect(url_for("review.login", next=request.full_path))
