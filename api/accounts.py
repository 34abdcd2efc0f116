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
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from models import ROLES, Cohort, CohortStaff, Membership, Programme, SignInCode, User, db, username_key, utcnow

from security.audit import audit
from security.login import end_cookie_sessions
from security.passwords import hash_password
from security.scope import device_users_filter
from security.tokens import revoke_user_devices

from .sync.changes import record_change

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


@dataclass(frozen=True)
class IssuedCode:
    """What is shown once to the person who created or reset the account."""

    code: str
    token: str
    expires_at: datetime


def wrong_code_message() -> str:
    return _("This code is wrong, already used or expired. Ask your coordinator for a new one.")


# --- who manages whom -------------------------------------------------------------------------------


def managed_users_filter(actor, user_id_column):
    """A WHERE clause on ``user_id_column``: the accounts ``actor`` manages (see the module's doc)."""
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
    admin_of = [m.programme_id for m in actor.memberships if m.role == "admin"]
    if not admin_of:
        return False
    orgs = set(db.session.scalars(select(Programme.organisation_id).where(Programme.id.in_(admin_of))))
    return programme.organisation_id in orgs


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


def _audit(action: str, actor, user: User, programme: Programme | None, before: dict | None,
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


def _not_yourself(actor, user: User, errors: dict) -> None:
    if actor is not None and actor.id == user.id:
        errors["user"] = [_("You cannot change your own role or deactivate yourself.")]


def _unusable_password() -> str:
    """A stored hash no password matches (argon2 refuses it as malformed): sign-in only after a code."""
    return "!unset:" + secrets.token_hex(16)


# --- writes ---------------------------------------------------------------------------------------------


def _set_cohort_rows(user: User, programme: Programme, cohorts: list[Cohort], role: str | None) -> set:
    """Make the user's cohort rows in ``programme`` exactly ``cohorts`` in ``role``; the cohorts changed."""
    changed = set()
    wanted = {c.id for c in cohorts} if role in STAFF_ROLES else set()
    for cohort in db.session.scalars(select(Cohort).where(Cohort.programme_id == programme.id)):
        rows = [s for s in cohort.staff if s.user_id == user.id]
        keep = cohort.id in wanted
        for row in rows:
            if not keep or row.role != role:
                cohort.staff.remove(row)
                changed.add(cohort)
        if keep and not any(r.user_id == user.id and r.role == role for r in cohort.staff):
            cohort.staff.append(CohortStaff(user_id=user.id, role=role))
            changed.add(cohort)
    return changed


def _log_changes(user: User | None, cohorts=()) -> None:
    db.session.flush()
    if user is not None:
        record_change(db.session, user)
    for cohort in sorted(cohorts, key=lambda c: c.id):
        record_change(db.session, cohort)


def create_account(actor, programme: Programme, *, username: str, display_name: str, role: str,
                   cohort_ids=(), diaspora: bool = False, locale: str | None = None,
                   password: str | None = None) -> tuple[User, IssuedCode | None]:
    """A new account with ``role`` in ``programme`` (and its cohorts, for trainers and mentors).

    Without ``password`` the person sets their own with the one-time code returned.
    """
    errors = {}
    username = clean_username(username, errors)
    display_name = clean_display_name(display_name, errors)
    check_role(actor, programme, role, errors)
    cohorts = programme_cohorts(programme, cohort_ids, role if "role" not in errors else None, errors)
    if password is not None:
        errors.update(password_errors(password, None))
    if errors:
        raise AccountError(errors)
    user = User(username=username, display_name=display_name, locale=locale or programme.default_locale,
                password_hash=hash_password(password) if password is not None else _unusable_password(),
                diaspora=bool(diaspora), active=True)
    user.memberships.append(Membership(programme_id=programme.id, role=role))
    db.session.add(user)
    db.session.flush()
    changed = _set_cohort_rows(user, programme, cohorts, role)
    _log_changes(user, changed)
    _audit("user_created", actor, user, programme, None, snapshot(user, programme))
    issued = issue_code(actor, user) if password is None else None
    return user, issued


def add_role(actor, programme: Programme, user: User, role: str, cohort_ids=()) -> None:
    """Give an existing account one more role in ``programme`` (and cohorts), keeping what it has."""
    errors = {}
    check_role(actor, programme, role, errors)
    cohorts = programme_cohorts(programme, cohort_ids, role if "role" not in errors else None, errors)
    if errors:
        raise AccountError(errors)
    before = snapshot(user, programme)
    if role not in user.roles_in(programme.id):
        user.memberships.append(Membership(programme_id=programme.id, role=role))
    changed = set()
    for cohort in cohorts:
        if not any(s.user_id == user.id and s.role == role for s in cohort.staff):
            cohort.staff.append(CohortStaff(user_id=user.id, role=role))
            changed.add(cohort)
    _log_changes(user, changed)
    _audit("user_updated", actor, user, programme, before, snapshot(user, programme))


def change_role(actor, programme: Programme, user: User, role: str) -> None:
    """The user's one role in ``programme`` becomes ``role``; cohort rows follow (kept for trainer ↔ mentor)."""
    errors = {}
    _not_yourself(actor, user, errors)
    check_role(actor, programme, role, errors)
    if errors:
        raise AccountError(errors)
    before = snapshot(user, programme)
    if before["roles"] == [role]:
        return
    kept = cohorts_of(user, programme)
    for membership in [m for m in user.memberships if m.programme_id == programme.id and m.role != role]:
        user.memberships.remove(membership)
    if role not in user.roles_in(programme.id):
        user.memberships.append(Membership(programme_id=programme.id, role=role))
    changed = _set_cohort_rows(user, programme, kept, role)
    _log_changes(user, changed)
    _audit("user_role_changed", actor, user, programme, before, snapshot(user, programme))


def set_cohorts(actor, programme: Programme, user: User, cohort_ids) -> None:
    """The user's cohorts in ``programme`` become exactly these (for their trainer or mentor role)."""
    errors = {}
    roles = [r for r in STAFF_ROLES if r in user.roles_in(programme.id)]
    role = roles[0] if roles else None
    cohorts = programme_cohorts(programme, cohort_ids, role or "none", errors)
    if errors:
        raise AccountError(errors)
    before = snapshot(user, programme)
    changed = _set_cohort_rows(user, programme, cohorts, role)
    if not changed:
        return
    _log_changes(None, changed)
    _audit("user_cohorts_changed", actor, user, programme, before, snapshot(user, programme))


def set_diaspora(actor, programme: Programme, user: User, diaspora: bool) -> None:
    if bool(user.diaspora) == bool(diaspora):
        return
    before = snapshot(user, programme)
    user.diaspora = bool(diaspora)
    _log_changes(user)
    _audit("user_diaspora_changed", actor, user, programme, before, snapshot(user, programme))


def deactivate(actor, user: User, programme: Programme | None = None) -> int:
    """Switch the account off: every cookie session ends and every device token is revoked at once.

    Returns how many device tokens were revoked.
    """
    errors = {}
    _not_yourself(actor, user, errors)
    if errors:
        raise AccountError(errors)
    before = snapshot(user, programme) if programme else {"active": bool(user.active)}
    user.active = False
    db.session.flush()
    end_cookie_sessions(user.id)
    revoked = revoke_user_devices(user.id)
    db.session.execute(delete(SignInCode).where(SignInCode.user_id == user.id))
    _log_changes(user)
    after = snapshot(user, programme) if programme else {"active": False}
    _audit("user_deactivated", actor, user, programme, before, after, devices_revoked=revoked)
    return revoked


def reactivate(actor, user: User, programme: Programme | None = None) -> None:
    """Switch the account on again; the person signs in again on each device."""
    if user.active:
        return
    before = snapshot(user, programme) if programme else {"active": False}
    user.active = True
    _log_changes(user)
    _audit("user_reactivated", actor, user, programme, before,
           snapshot(user, programme) if programme else {"active": True})


def set_password(actor, user: User, password: str, again: str | None = None) -> None:
    """Set a password directly (the command line); ends the cookie sessions signed in with the old one."""
    errors = password_errors(password, again)
    if errors:
        raise AccountError(errors)
    user.password_hash = hash_password(password)
    db.session.flush()
    end_cookie_sessions(user.id)
    _audit("password_set", actor, user, None, None, None, by="command line" if actor is None else "admin")


def reset_password(actor, programme: Programme | None, user: User) -> IssuedCode:
    """The old password stops working and cookie sessions end; the person sets a new one with the code.

    Device tokens are kept (a phone keeps working offline); deactivate the account to end them too.
    """
    user.password_hash = _unusable_password()
    db.session.flush()
    end_cookie_sessions(user.id)
    issued = issue_code(actor, user)
    _audit("user_password_reset", actor, user, programme, None, None)
    return issued


# --- one-time codes ---------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _code_digest(user_id: str, code: str) -> str:
    return _digest(f"{user_id}:{normalise_code(code)}")


def normalise_code(code: str) -> str:
    """What was typed, without spaces, hyphens and case: "abcd efgh-jkmn" is "ABCDEFGHJKMN"."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", code or "").upper() if ch.isalnum())


def group_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def issue_code(actor, user: User) -> IssuedCode:
    """A new one-time code and link for ``user``; their earlier codes die."""
    db.session.execute(delete(SignInCode).where(SignInCode.user_id == user.id))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires_at = now + CODE_LIFETIME
    db.session.add(SignInCode(user_id=user.id, code_hash=_code_digest(user.id, code), token_hash=_digest(token),
                              created_at=now, expires_at=expires_at, created_by_id=getattr(actor, "id", None)))
    db.session.flush()
    return IssuedCode(code=group_code(code), token=token, expires_at=expires_at)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _live(row: SignInCode | None) -> bool:
    return (row is not None and row.used_at is None and _aware(row.expires_at) > utcnow()
            and row.user is not None and row.user.active)


def code_for_token(token: str) -> SignInCode | None:
    """The live code of a ``/welcome/<token>`` link, or None (unknown, used, expired)."""
    row = db.session.scalar(select(SignInCode).where(SignInCode.token_hash == _digest(token or "")))
    return row if _live(row) else None


def _use(row: SignInCode, password: str, how: str) -> User:
    """Spend the code (once, even against a concurrent request) and set the password."""
    spent = db.session.execute(update(SignInCode).where(SignInCode.id == row.id, SignInCode.used_at.is_(None))
                               .values(used_at=utcnow()))
    if spent.rowcount != 1:
        raise AccountError({"code": [wrong_code_message()]})
    user = row.user
    user.password_hash = hash_password(password)
    db.session.flush()
    end_cookie_sessions(user.id)
    _audit("password_set", user, user, None, None, None, by=how)
    return user


def redeem_code(username: str, code: str, password: str, again: str) -> User:
    """Set the password of ``username`` with their one-time code (``/welcome``).

    A wrong, used or expired code and an unknown username get one and the same error.
    """
    errors = password_errors(password, again)
    if errors:
        raise AccountError(errors)
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    rows = db.session.scalars(select(SignInCode).where(SignInCode.user_id == user.id)).all() if user else []
    typed = _code_digest(user.id if user else "nobody", code)
    match = next((r for r in rows if hmac.compare_digest(r.code_hash, typed)), None)
    if not _live(match):
        raise AccountError({"code": [wrong_code_message()]})
    return _use(match, password, "code")


def redeem_token(token: str, password: str, again: str) -> User:
    """Set the password with a ``/welcome/<token>`` link."""
    errors = password_errors(password, again)
    if errors:
        raise AccountError(errors)
    row = code_for_token(token)
    if row is None:
        raise AccountError({"code": [wrong_code_message()]})
    return _use(row, password, "link")
