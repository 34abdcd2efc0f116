"""The pull cursor: opaque to clients, signed so it cannot be forged.

It holds the server sequence the client is complete up to (``s``), the scope
that was true then (``k``, so a grown or shrunk scope is noticed), a flag
for a first full pull (``f``), and, while records that entered or left the
scope are being delivered, that catch-up's progress (``cu``).
"""
import base64
import hashlib
import hmac
import json
import zlib

from security.scope import Scope

_FIELDS = {"p": "programme_ids", "m": "member_programme_ids", "c": "cohort_ids",
           "mc": "mentee_cohort_ids", "pt": "participant_ids"}
_MAC_BYTES = 16


class BadCursor(ValueError):
    pass


def scope_lists(scope: Scope) -> dict:
    return {short: sorted(getattr(scope, name)) for short, name in _FIELDS.items()}


def scope_from_lists(user_id: str, lists: dict) -> Scope:
    return Scope(user_id=user_id, **{name: frozenset(lists.get(short, ())) for short, name in _FIELDS.items()})


def minus(a: dict, b: dict) -> dict:
    return {k: sorted(set(a.get(k, ())) - set(b.get(k, ()))) for k in _FIELDS}


def union(a: dict, b: dict) -> dict:
    return {k: sorted(set(a.get(k, ())) | set(b.get(k, ()))) for k in _FIELDS}


def is_empty(lists: dict) -> bool:
    return not any(lists.get(k) for k in _FIELDS)


def encode(state: dict, secret: bytes) -> str:
    payload = zlib.compress(json.dumps(state, separators=(",", ":"), sort_keys=True).encode(), 9)
    mac = hmac.new(secret, payload, hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(mac + payload).decode().rstrip("=")


def decode(cursor: str, secret: bytes) -> dict:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        mac, payload = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if not hmac.compare_digest(mac, hmac.new(secret, payload, hashlib.sha256).digest()[:_MAC_BYTES]):
            raise BadCursor("signature")
        state = json.loads(zlib.decompress(payload))
    except (ValueError, zlib.error, TypeError) as exc:
        raise BadCursor(str(exc)) from None
    if not isinstance(state, dict) or not isinstance(state.get("s"), int) or not isinstance(state.get("k"), dict):
        raise BadCursor("shape")
    return state
