"""One-time sign-in codes and links: issued (shown once), stored as SHA-256 digests, used once,
dead after ``CODE_LIFETIME``; redeeming one sets the person's own password."""
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, select, update

from models import SignInCode, User, db, username_key, utcnow
from security.login import end_cookie_sessions
from security.passwords import hash_password

from .rules import (CODE_ALPHABET, CODE_LENGTH, CODE_LIFETIME, AccountError, audit_change, password_errors,
                    wrong_code_message)


@dataclass(frozen=True)
class IssuedCode:
    """What is shown once to the person who created or reset the account."""

    code: str
    token: str
    expires_at: datetime


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
    audit_change("password_set", user, user, None, None, None, by=how)
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
