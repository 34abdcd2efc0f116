import unicodedata
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .base import SyncedMixin
from .db import db, enum_check

ROLES = ("trainer", "mentor", "coordinator", "admin")


def username_key(username: str) -> str:
    """What usernames are compared by: NFKC with case folding (Unicode's NFKC_Casefold, near enough),
    so "Emina", "EMINA" and "Ｅｍｉｎａ" are one username."""
    text = unicodedata.normalize("NFKC", username or "").strip()
    return unicodedata.normalize("NFKC", text.casefold())


class User(UserMixin, SyncedMixin, db.Model):
    __tablename__ = "users"
    entity = "user"

    username: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    #: ``username_key(username)``, set whenever the username is: sign-in finds users by it
    username_key: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    locale: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: bumped to end every cookie session at once (password change, lock-out)
    session_epoch: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: a mentor from the diaspora (lives abroad): indicators count their mentoring hours apart
    diaspora: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    #: organisations this user is an admin of as a whole (``OrganisationAdmin``)
    organisation_admin: Mapped[list["OrganisationAdmin"]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("username")
    def _keep_username_key(self, _key, value):
        self.username_key = username_key(value)
        return value

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    def roles_in(self, programme_id: str) -> set[str]:
        return {m.role for m in self.memberships if m.programme_id == programme_id}

    @property
    def is_admin(self) -> bool:
        return bool(self.organisation_admin) or any(m.role == "admin" for m in self.memberships)

    def main_role(self) -> str:
        """The most senior role, which the phone uses to pick its home screen."""
        roles = {m.role for m in self.memberships} | ({"admin"} if self.organisation_admin else set())
        for role in ("admin", "coordinator", "trainer", "mentor"):
            if role in roles:
                return role
        return "trainer"

    def scope_keys(self):
        return {"programme_id": None, "cohort_id": None, "participant_id": None}


class Membership(db.Model):
    """A user's role in one programme."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "programme_id", "role"),
        CheckConstraint(enum_check("role", ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)

    user = relationship("User", back_populates="memberships")
