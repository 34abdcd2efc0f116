"""Who may open a set-up page: the one check of the /admin blueprint.

Every page needs a signed-in user. ``/admin/programmes/<programme_id>/…`` is
for the programme's coordinators and the organisation's admins (404 for a
programme the user is not a member of, 403 for a trainer or mentor), as on the
review pages; the view gets the Programme as ``programme``. Pages without a
programme in the URL are the organisation's: admins only, unless the view is
listed in ``COORDINATOR_ENDPOINTS`` (it then shows only what the user coordinates).
"""
from flask import abort, request
from flask_login import current_user

from ..review.access import review_scope, signed_in_with_programme

#: organisation-level pages that coordinators may open too
COORDINATOR_ENDPOINTS = {"admin.home"}


def check_access():
    refused = signed_in_with_programme()
    if refused is not None or "programme" in (request.view_args or {}):
        return refused
    if current_user.is_admin:
        return None
    if request.endpoint in COORDINATOR_ENDPOINTS and review_scope().programme_ids:
        return None
    abort(403)
