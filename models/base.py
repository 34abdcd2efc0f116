"""Columns every record that travels by sync carries (see docs/sync.md)."""
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .db import new_id, utcnow


class SyncedMixin:
    """Server-side bookkeeping of a synced record.

    ``version`` is the change-log sequence of the record's latest change;
    ``field_meta`` maps each wire field to ``[hlc, version, user_id]`` of the
    write that set it, which is what field-level merge and conflict
    detection read.
    """

    #: wire name of the entity (SYNC.md "Entities")
    entity: str = ""
    #: fields a phone may write; read-only entities leave this empty
    writable_fields: tuple[str, ...] = ()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    field_meta: Mapped[dict] = mapped_column(nullable=False, default=dict)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )
    updated_device_id: Mapped[str | None] = mapped_column(String(36))

    @declared_attr
    def updated_by_id(cls) -> Mapped[str | None]:
        return mapped_column(String(36), ForeignKey("users.id", ondelete="SET NULL"))

    def scope_keys(self) -> dict:
        """programme_id / cohort_id / participant_id that decide who sees this record."""
        raise NotImplementedError
