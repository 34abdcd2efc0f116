from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, utcnow


class AuditLog(db.Model):
    """Who read or wrote personal data, or exported it, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    entity: Mapped[str | None] = mapped_column(String(40))
    #: indexed: a person's export and erasure look up every row about their records
    record_id: Mapped[str | None] = mapped_column(String(36), index=True)
    programme_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[dict] = mapped_column(nullable=False, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))
