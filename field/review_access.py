"""Who may open a coordinator page: coordinators and admins of the programme in the URL.

A programme the user is not a member of answers 404 (as if it did not exist);
a programme where the user is only a trainer or mentor answers 403.
"""
from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from models import Programme, db
from security.scope import scope_for


def review_scope():
    """The signed-in user's scope, computed once per request."""
    if "review_scope" not in g:
        g.review_scope = scope_for(current_user)
    return g.review_scope


def programme_page(view):
    """The view gets ``programme`` (a Programme the user coordinates) instead of ``programme_id``."""

    @wraps(view)
    @login_required
    def wrapper(programme_id, *args, **kwargs):
        scope = review_scope()
        if programme_id not in scope.member_programme_ids:
            abort(404)
        if programme_id not in scope.programme_ids:
            abort(403)
        programme = db.session.scalar(select(Programme).where(Programme.id == programme_id,
                                                              Programme.deleted.is_(False)))
        if programme is None:
            abort(404)
        g.programme = programme
        return view(programme, *args, **kwargs)

    return wrapper
