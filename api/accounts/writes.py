"""Writes of staff accounts: create, add a role, change role, cohorts, diaspora flag, deactivate,
reactivate, set or reset a password. Each validates everything first (``AccountError``), then writes,
logs what phones pull and audits before → after; the caller commits."""
from flask_babel import gettext as _
from sqlalchemy import delete, select

from models import (Cohort, CohortStaff, Membership, Organisation, OrganisationAdmin, Programme, SignInCode, User,
                    db, username_key)
from security.audit import audit
from security.login import end_cookie_sessions
from security.passwords import hash_password
from security.tokens import revoke_user_devices

from ..sync.changes import record_change
from .codes import IssuedCode, issue_code
from .rules import (STAFF_ROLES, AccountError, audit_change, check_role, clean_display_name, clean_username,
                    cohorts_of, not_yourself, password_errors, programme_cohorts, snapshot,
                    unusable_password)


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
                   password: str | None = None, password_hash: str | None = None,
                   record_id: str | None = None) -> tuple[User, IssuedCode | None]:
    """A new account with ``role`` in ``programme`` (and its cohorts, for trainers and mentors).

    Without ``password`` the person sets their own with the one-time code returned.
    ``password_hash``: a password the caller checked (``password_errors``) and hashed already, such
    as the demo's one shared password; ``record_id``: the account's id (the demo's are fixed).
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
    user = User(**_fixed_id(record_id), username=username, display_name=display_name,
                locale=locale or programme.default_locale,
                password_hash=_password_hash(password, password_hash), diaspora=bool(diaspora), active=True)
    user.memberships.append(Membership(programme_id=programme.id, role=role))
    db.session.add(user)
    db.session.flush()
    changed = _set_cohort_rows(user, programme, cohorts, role)
    _log_changes(user, changed)
    audit_change("user_created", actor, user, programme, None, snapshot(user, programme))
    issued = issue_code(actor, user) if password is None and password_hash is None else None
    return user, issued


def _fixed_id(record_id: str | None) -> dict:
    return {"id": record_id} if record_id else {}


def _password_hash(password: str | None, password_hash: str | None) -> str:
    if password is not None:
        return hash_password(password)
    return password_hash or unusable_password()


def organisation_for(name: str) -> Organisation:
    """The organisation of this name, made when there is none yet (the first admin of a deployment)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise AccountError({"organisation": [_("Name the organisation (at most 200 characters).")]})
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name)
        db.session.add(organisation)
        db.session.flush()
    return organisation


def make_organisation_admin(actor, organisation: Organisation, *, username: str, display_name: str,
                            password: str | None = None, locale: str = "en", password_hash: str | None = None,
                            record_id: str | None = None) -> tuple[User, IssuedCode | None]:
    """An admin of the whole organisation: a new account, or an existing one given that role.

    The first account of a deployment is made so, from the command line (``actor`` None), before
    any programme exists; an organisation's admins may make more. ``password_hash`` and
    ``record_id``: for a new account, as for ``create_account``.
    """
    if actor is not None and organisation.id not in {a.organisation_id for a in actor.organisation_admin}:
        raise AccountError({"role": [_("Only an admin of the organisation makes its admins.")]})
    errors = {}
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    if user is None:
        username = clean_username(username, errors)
        display_name = clean_display_name(display_name, errors)
    if password is not None:
        errors.update(password_errors(password, None))
    if errors:
        raise AccountError(errors)
    issued = None
    if user is None:
        user = User(**_fixed_id(record_id), username=username, display_name=display_name, locale=locale, active=True,
                    diaspora=False, password_hash=_password_hash(password, password_hash))
        db.session.add(user)
        db.session.flush()
        issued = issue_code(actor, user) if password is None and password_hash is None else None
    elif password is not None:
        user.password_hash = hash_password(password)
        end_cookie_sessions(user.id)
    if organisation.id not in {a.organisation_id for a in user.organisation_admin}:
        user.organisation_admin.append(OrganisationAdmin(organisation_id=organisation.id))
    _log_changes(user)
    audit("organisation_admin", user=actor, user_id=getattr(actor, "id", None), entity="user", record_id=user.id,
          detail={"organisation": organisation.name})
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
    audit_change("user_updated", actor, user, programme, before, snapshot(user, programme))


def change_role(actor, programme: Programme, user: User, role: str) -> None:
    """The user's one role in ``programme`` becomes ``role``; cohort rows follow (kept for trainer ↔ mentor)."""
    errors = {}
    not_yourself(actor, user, errors)
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
    audit_change("user_role_changed", actor, user, programme, before, snapshot(user, programme))


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
    audit_change("user_cohorts_changed", actor, user, programme, before, snapshot(user, programme))


def set_diaspora(actor, programme: Programme, user: User, diaspora: bool) -> None:
    if bool(user.diaspora) == bool(diaspora):
        return
    before = snapshot(user, programme)
    user.diaspora = bool(diaspora)
    _log_changes(user)
    audit_change("user_diaspora_changed", actor, user, programme, before, snapshot(user, programme))


def deactivate(actor, user: User, programme: Programme | None = None) -> int:
    """Switch the account off: every cookie session ends and every device token is revoked at once.

    Returns how many device tokens were revoked.
    """
    errors = {}
    not_yourself(actor, user, errors)
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
    audit_change("user_deactivated", actor, user, programme, before, after, devices_revoked=revoked)
    return revoked


def reactivate(actor, user: User, programme: Programme | None = None) -> None:
    """Switch the account on again; the person signs in again on each device."""
    if user.active:
        return
    before = snapshot(user, programme) if programme else {"active": False}
    user.active = True
    _log_changes(user)
    audit_change("user_reactivated", actor, user, programme, before,
           snapshot(user, programme) if programme else {"active": True})


def set_password(actor, user: User, password: str, again: str | None = None) -> None:
    """Set a password directly (the command line); ends the cookie sessions signed in with the old one."""
    errors = password_errors(password, again)
    if errors:
        raise AccountError(errors)
    user.password_hash = hash_password(password)
    db.session.flush()
    end_cookie_sessions(user.id)
    audit_change("password_set", actor, user, None, None, None, by="command line" if actor is None else "admin")


def reset_password(actor, programme: Programme | None, user: User) -> IssuedCode:
    """The old password stops working and cookie sessions end; the person sets a new one with the code.

    Device tokens are kept (a phone keeps working offline); deactivate the account to end them too.
    """
    user.password_hash = unusable_password()
    db.session.flush()
    end_cookie_sessions(user.id)
    issued = issue_code(actor, user)
    audit_change("user_password_reset", actor, user, programme, None, None)
    return issued
