"""Sending one payload to one subscription with pywebpush, and what the answer means.

Outcomes: ``sent``; ``gone`` (404/410: the browser dropped the subscription, so
we drop it too); ``retry`` (429, 5xx, network trouble: tried again with
exponential backoff within the run, then by a later run); ``failed`` (anything
else: retrying would not help, e.g. 400/403/413 or a malformed key).
"""
import json
import time
from dataclasses import dataclass

import requests
from pywebpush import WebPushException, webpush

from .settings import setting

GONE = frozenset({404, 410})


@dataclass
class SendResult:
    outcome: str
    status: int | None = None
    error: str | None = None
    tries: int = 0
    #: seconds the push service asked us to wait (Retry-After)
    wait: float | None = None


@dataclass(frozen=True)
class PushOptions:
    ttl: int
    urgency: str = "normal"
    topic: str | None = None


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _once(subscription, body: str, keys, options: PushOptions, http) -> SendResult:
    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    headers = {"Urgency": options.urgency}
    if options.topic:
        headers["Topic"] = options.topic
    try:
        response = webpush(info, data=body, vapid_private_key=keys.signer(), vapid_claims=keys.claims(),
                           ttl=options.ttl, headers=headers, timeout=setting("PUSH_HTTP_TIMEOUT"),
                           requests_session=http)
        return SendResult("sent", response.status_code)
    except WebPushException as exc:
        response = exc.response
        status = getattr(response, "status_code", None)
        if status in GONE:
            return SendResult("gone", status)
        if status is not None and (status == 429 or status >= 500):
            return SendResult("retry", status, f"push service answered {status}", wait=_retry_after(response))
        return SendResult("failed", status, (exc.message or str(exc))[:500])
    except requests.RequestException as exc:
        return SendResult("retry", None, f"{type(exc).__name__}: {exc}"[:500])
    except Exception as exc:  # noqa: BLE001 — a bad key in one subscription must not stop the run
        return SendResult("failed", None, f"{type(exc).__name__}: {exc}"[:500])


def send(subscription, payload: dict, keys, options: PushOptions, http=None, sleep=time.sleep) -> SendResult:
    """Send with up to PUSH_SEND_TRIES tries, waiting base·2ⁿ seconds (or Retry-After) between them."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    tries = max(1, int(setting("PUSH_SEND_TRIES")))
    base = float(setting("PUSH_RETRY_BASE_SECONDS"))
    cap = float(setting("PUSH_RETRY_AFTER_CAP_SECONDS"))
    for attempt in range(tries):
        result = _once(subscription, body, keys, options, http)
        result.tries = attempt + 1
        if result.outcome != "retry" or attempt == tries - 1:
            return result
        sleep(min(cap, result.wait if result.wait is not None else base * (2 ** attempt)))
    return result
