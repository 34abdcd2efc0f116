"""The rules of staff accounts: whose accounts an actor manages, which roles they may give, what
valid input is, and what the audit log keeps of an account (``audit_change``)."""
import re
import secrets
import unicodedata
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from models import ROLES, Cohort, CohortStaff, Membership, Programme, User, db, username_key
from security.audit import audit
from security.scope import administered_organisations, device_users_filter

#: roles that are assigned to cohorts
STAFF_ROLES = ("trainer", "mentor")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
CODE_LIFETIME = timedelta(hours=72)
#: no 0/O, 1/I/L: read aloud or copied from a screen without mistakes
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
USERNAME_PATTERN = re.compile(r"^[\w.@-]+$")


class AccountError(Exception):
    """Refused input: ``errors`` maps a form field to its translated messages."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def wrong_code_message() -> str:
    return _("This code is wrong, already used or expired. Ask your coordinator for a new one.")


# --- who manages whom -------------------------------------------------------------------------------


def managed_users_filter(actor, user_id_column):
    """A WHERE clause on ``user_id_column``: the accounts ``actor`` manages (see the package's doc)."""
    return device_users_filter(actor, user_id_column)


def managed_user(actor, programme: Programme, user_id: str) -> User | None:
    """The staff member of ``programme`` with this id, if ``actor`` manages them (else None)."""
    members = select(Membership.user_id).where(Membership.programme_id == programme.id)
    return db.session.scalar(select(User).where(User.id == user_id, User.id.in_(members),
                                                managed_users_filter(actor, User.id)))


def programme_staff(actor, programme: Programme) -> list[User]:
    """The programme's staff whose accounts ``actor`` manages, by display name."""
    members = select(Membership.user_id).where(Membership.programme_id == programme.id)
    return list(db.session.scalars(select(User).where(User.id.in_(members), managed_users_filter(actor, User.id))
                                   .order_by(User.display_name, User.username)))


def is_admin_for(actor, programme: Programme) -> bool:
    """Whether ``actor`` is an admin of the programme's organisation (the command line is)."""
    if actor is None:
        return True
    return programme.organisation_id in administered_organisations(actor)


def assignable_roles(actor, programme: Programme) -> tuple:
    """The roles ``actor`` may give in ``programme``: all for an admin, trainer and mentor for its coordinator."""
    if is_admin_for(actor, programme):
        return ROLES
    if any(m.programme_id == programme.id and m.role == "coordinator" for m in actor.memberships):
        return STAFF_ROLES
    return ()


# --- what an account looks like in a programme ----------------------------------------------------------


def roles_in(user: User, programme: Programme) -> list[str]:
    return [r for r in ROLES if r in user.roles_in(programme.id)]


def cohorts_of(user: User, programme: Programme) -> list[Cohort]:
    staffed = select(CohortStaff.cohort_id).where(CohortStaff.user_id == user.id)
    return list(db.session.scalars(select(Cohort).where(Cohort.id.in_(staffed), Cohort.programme_id == programme.id)
                                   .order_by(Cohort.code)))


def snapshot(user: User, programme: Programme) -> dict:
    """What the audit log keeps of an account before and after a change."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": roles_in(user, programme),
        "cohorts": [c.code for c in cohorts_of(user, programme)],
        "diaspora": bool(user.diaspora),
        "active": bool(user.active),
    }


def audit_change(action: str, actor, user: User, programme: Programme | None, before: dict | None,
           after: dict | None, **extra) -> None:
    detail = {"before": before, "after": after, **extra}
    audit(action, user=actor, user_id=getattr(actor, "id", None), entity="user", record_id=user.id,
          programme_id=getattr(programme, "id", None), detail=detail)


# --- validation -----------------------------------------------------------------------------------------


def clean_username(raw: str, errors: dict) -> str:
    """The username as stored (NFKC, case kept), or an error under ``username``."""
    username = unicodedata.normalize("NFKC", raw or "").strip()
    if not username:
        errors["username"] = [_("Enter a username.")]
    elif len(username) > 80 or len(username_key(username)) > 80:
        errors["username"] = [_("The username may have at most 80 characters.")]
    elif not USERNAME_PATTERN.match(username):
        errors["username"] = [_("Use letters, digits, dots, hyphens and underscores only, without spaces.")]
    elif db.session.scalar(select(User.id).where(User.username_key == username_key(username))):
        errors["username"] = [_("This username is taken. Usernames that differ only in capitals or "
                                "in the form of their letters count as the same.")]
    return username


def clean_display_name(raw: str, errors: dict) -> str:
    name = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not name:
        errors["display_name"] = [_("Enter the person's name.")]
    elif len(name) > 120:
        errors["display_name"] = [_("The name may have at most 120 characters.")]
    elif any(unicodedata.category(ch) == "Cc" for ch in name):
        errors["display_name"] = [_("The name contains characters that cannot be shown.")]
    return name


def check_role(actor, programme: Programme, role: str, errors: dict) -> None:
    if role not in ROLES:
        errors["role"] = [_("This role does not exist. Choose trainer, mentor, coordinator or admin.")]
    elif role not in assignable_roles(actor, programme):
        errors["role"] = [_("You may not give this role. Choose trainer or mentor.")]


def programme_cohorts(programme: Programme, cohort_ids, role: str | None, errors: dict) -> list[Cohort]:
    """The cohorts of ``programme`` with these ids; a cohort of another programme (or none) is an error."""
    wanted = list(dict.fromkeys(str(c) for c in cohort_ids or () if str(c).strip()))
    if not wanted:
        return []
    if role is not None and role not in STAFF_ROLES:
        errors["cohorts"] = [_("Only trainers and mentors are assigned to cohorts.")]
        return []
    found = list(db.session.scalars(select(Cohort).where(Cohort.id.in_(wanted), Cohort.programme_id == programme.id,
                                                         Cohort.deleted.is_(False)).order_by(Cohort.code)))
    if len(found) != len(wanted):
        errors["cohorts"] = [_("A cohort chosen is not a cohort of this programme.")]
    return found


def password_errors(password: str | None, again: str | None) -> dict:
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return {"password": [_("The password must have at least %(num)s characters.", num=MIN_PASSWORD_LENGTH)]}
    if len(password) > MAX_PASSWORD_LENGTH:
        return {"password": [_("The password may have at most %(num)s characters.", num=MAX_PASSWORD_LENGTH)]}
    if again is not None and password != again:
        return {"password_again": [_("The two passwords are not the same.")]}
    return {}


def not_yourself(actor, user: User, errors: dict) -> None:
    if actor is not None and actor.id == user.id:
        errors["user"] = [_("You cannot change your own role or deactivate yourself.")]


def unusable_password() -> str:
    """A stored hash no password matches (argon2 refuses it as malformed): sign-in only after a code."""
    return "!unset:" + secrets.token_hex(16)
