"""Who may open a coordinator page, decided once for the whole blueprint.

Every page but the sign-in needs a signed-in user. Under ``/review/<programme_id>/``
a programme the user is not a member of answers 404 (as if it did not exist), a
programme where the user is only a trainer or mentor answers 403; otherwise the
view gets the Programme as its ``programme`` argument instead of ``programme_id``.
"""
from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import select

from extensions import login_manager
from models import Programme, db
from security.scope import scope_for

#: pages open without signing in
OPEN_ENDPOINTS = {"review.login"}


def review_scope():
    """The signed-in user's scope, computed once per request."""
    if "review_scope" not in g:
        g.review_scope = scope_for(current_user)
    return g.review_scope


def coordinated_programme(programme_id: str) -> Programme:
    """The Programme of the URL, if the signed-in user coordinates it (else 404 or 403)."""
    scope = review_scope()
    if programme_id not in scope.member_programme_ids:
        abort(404)
    if programme_id not in scope.programme_ids:
        abort(403)
    programme = db.session.scalar(select(Programme).where(Programme.id == programme_id,
                                                          Programme.deleted.is_(False)))
    if programme is None:
        abort(404)
    return programme


def signed_in_with_programme():
    """None when signed in (the view's ``programme_id``, if any, now its Programme); else the sign-in redirect."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    values = request.view_args
    if values is not None and "programme_id" in values:
        g.programme = values["programme"] = coordinated_programme(values.pop("programme_id"))
    return None


def check_access():
    """Runs before every view of the blueprint (after the app's own checks, such as the schema's)."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    return signed_in_with_programme()
