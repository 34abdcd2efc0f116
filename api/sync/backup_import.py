"""A phone's backup file (field/static/js/backup.js, format ``field-mentor-backup`` version 1), imported
by a coordinator from a signed-out or deactivated phone: its unsynced changes go through ``push`` exactly
as the phone would have sent them, as its user's changes (same mutation ids, HLCs and base versions),
so a change that already reached the server answers ``duplicate`` and nothing is applied twice.
"""
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask_babel import gettext as _

from security.audit import audit
from security.scope import scope_for

from .push import Caller, push

BACKUP_FORMAT = "field-mentor-backup"
#: the largest backup file taken (a phone's outbox holds a few hundred changes at most)
MAX_CHANGES = 5000
_WIRE_KEYS = ("mutation_id", "entity", "id", "op", "data", "hlc", "base_version")


class BadBackup(ValueError):
    """Not a backup file this server can read; ``str()`` is a translated reason."""


@dataclass
class ImportOutcome:
    applied: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: list = field(default_factory=list)   # [(entity, id, reason, errors)]

    @property
    def total(self) -> int:
        return self.applied + self.duplicate + self.conflict + len(self.rejected)


def read_backup(payload) -> dict:
    """The backup's header and changes, checked for shape; raises BadBackup."""
    if not isinstance(payload, dict) or payload.get("format") != BACKUP_FORMAT or payload.get("version") != 1:
        raise BadBackup(_("This file is not a Field Mentor backup."))
    changes, user = payload.get("changes"), payload.get("user")
    if not isinstance(changes, list) or not isinstance(user, dict) or not isinstance(user.get("id"), str):
        raise BadBackup(_("This file is not a Field Mentor backup."))
    if len(changes) > MAX_CHANGES:
        raise BadBackup(_("The backup holds more than %(n)s changes.", n=MAX_CHANGES))
    device_id = payload.get("device_id")
    try:
        device_id = str(uuid.UUID(device_id)) if isinstance(device_id, str) and len(device_id) == 36 else None
    except ValueError:
        device_id = None
    return {"user_id": user["id"], "device_id": device_id, "changes": changes}


def import_backup(session, user, device_id: str | None, changes: list, *, importer) -> ImportOutcome:
    """Push ``changes`` as ``user``'s (from ``device_id``); the caller commits. Audited for ``importer``."""
    wire = [{key: change.get(key) for key in _WIRE_KEYS if key in change} if isinstance(change, dict) else change
            for change in changes]
    for change in wire:
        if isinstance(change, dict):
            change.setdefault("op", "upsert")
    caller = Caller(user_id=user.id, device_id=device_id, scope=scope_for(user), request_id=uuid.uuid4().hex,
                    now=datetime.now(timezone.utc))
    outcome = ImportOutcome()
    for change, result in zip(wire, push(session, caller, wire).results):
        status = result["status"]
        if status == "rejected":
            entity = change.get("entity") if isinstance(change, dict) else None
            record_id = change.get("id") if isinstance(change, dict) else None
            outcome.rejected.append((entity, record_id, result.get("reason"), result.get("errors") or {}))
        else:
            setattr(outcome, status, getattr(outcome, status) + 1)
    audit("backup_imported", user=importer, entity="user", record_id=user.id,
          detail={"device_id": device_id, "applied": outcome.applied, "duplicate": outcome.duplicate,
                  "conflict": outcome.conflict, "rejected": len(outcome.rejected)})
    return outcome
