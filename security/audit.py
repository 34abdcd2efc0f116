"""Audit trail of reads and writes of personal data, exports and sign-ins."""
from flask import has_request_context, request

from models import AuditLog, db


def audit(action: str, user=None, entity: str | None = None, record_id: str | None = None,
          programme_id: str | None = None, detail: dict | None = None, user_id: str | None = None) -> None:
    """Add an audit row to the current transaction (the caller commits)."""
    if user is None and user_id is None and has_request_context():
        from flask import g

        user = getattr(g, "user", None)
    db.session.add(AuditLog(
        user_id=user_id or getattr(user, "id", None),
        action=action,
        entity=entity,
        record_id=record_id,
        programme_id=programme_id,
        detail=detail or {},
        ip=request.remote_addr if has_request_context() else None,
    ))
