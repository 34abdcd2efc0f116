"""Staff accounts: the one way to create and change them (set-up pages, ``flask users create``).

In api/ (not security/) because it writes the change log (``api.sync.changes``) and
security/ never imports api/. Plain functions, no Flask request: the caller passes who acts (``actor``; None
for the command line), checks nothing itself and commits afterwards. Each
function validates everything first and raises ``AccountError`` (translated
messages by form field) before writing anything, so nothing is half-written.
Every change is audited (who, what, before → after) and, where it changes what
phones hold about the user (display name, role, active) or a cohort's staff,
recorded in the change log so phones pull it.

Whose accounts an actor manages is the rule of their devices
(``security.scope.device_users_filter``): an admin everyone in the
organisation's programmes, a coordinator the trainers and mentors of their
programmes, never a coordinator or an admin.

A new account, or a password reset, gets a one-time code and link
(``issue_code``): shown once to whoever made it, stored as SHA-256 digests,
used once, dead after ``CODE_LIFETIME``; the person redeems it at ``/welcome``
and sets their own password.
"""
from .codes import (IssuedCode, code_for_token, group_code, issue_code, normalise_code,
                    redeem_code, redeem_token)
from .rules import (CODE_LIFETIME, MIN_PASSWORD_LENGTH, STAFF_ROLES, AccountError,
                    assignable_roles, cohorts_of, is_admin_for, managed_user, managed_users_filter,
                    password_errors, programme_staff, roles_in, snapshot, wrong_code_message)
from .writes import (add_role, change_role, create_account, deactivate, make_organisation_admin, organisation_for,
                     reactivate, reset_password,
                     set_cohorts, set_diaspora, set_password)

__all__ = [
    "make_organisation_admin", "organisation_for",
    "AccountError", "CODE_LIFETIME", "IssuedCode", "MIN_PASSWORD_LENGTH", "STAFF_ROLES", "add_role",
    "assignable_roles", "change_role", "code_for_token", "cohorts_of", "create_account", "deactivate",
    "group_code", "is_admin_for", "issue_code", "managed_user", "managed_users_filter", "normalise_code",
    "password_errors", "programme_staff", "reactivate", "redeem_code", "redeem_token", "reset_password",
    "roles_in", "set_cohorts", "set_diaspora", "set_password", "snapshot", "wrong_code_message",
]
