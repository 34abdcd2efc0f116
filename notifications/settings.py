"""Push settings: app.config overrides these defaults (environment variables of the same name
set the ones a deployment usually changes). See docs/push.md."""
import os

from flask import current_app

#: hosts of the browsers' push services (Chrome/Edge/Opera, Firefox, Safari, Windows);
#: a subscription's endpoint must be one of them or a subdomain, so the server never
#: POSTs to an address a client made up (no server-side request forgery)
PUSH_SERVICE_HOSTS = ("fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com",
                      "notify.windows.com")

DEFAULTS = {
    #: time zone of users whose browser did not tell theirs
    "PUSH_TIMEZONE": os.environ.get("PUSH_TIMEZONE", "UTC"),
    #: "this phone has not synced for N days": N unless the user chose another
    "PUSH_STALE_SYNC_DAYS": int(os.environ.get("PUSH_STALE_SYNC_DAYS", "3")),
    #: local hours [start, end) in which anything is sent; nobody is woken at night
    "PUSH_DAY_HOURS": (8, 21),
    #: session reminders go out from this local hour on the evening before
    "PUSH_EVENING_HOUR": 17,
    #: mentoring goals are announced from this many days before they are due
    "PUSH_GOAL_DUE_DAYS_AHEAD": 1,
    #: "new" conflicts, flags and assessments: at most this old on the first digest
    "PUSH_LOOKBACK_HOURS": 48,
    #: tries of one send within a run, with exponential backoff from the base below
    "PUSH_SEND_TRIES": 3,
    "PUSH_RETRY_BASE_SECONDS": 1.0,
    #: a longest wait honoured from a push service's Retry-After within a run
    "PUSH_RETRY_AFTER_CAP_SECONDS": 30,
    #: a delivery that still failed is tried again by later runs after 10, 20, 40… minutes
    "PUSH_RETRY_LATER_MINUTES": 10,
    "PUSH_MAX_ATTEMPTS": 5,
    "PUSH_HTTP_TIMEOUT": 10,
    #: a run that died holding a delivery releases it after this long
    "PUSH_LEASE_MINUTES": 15,
    #: where the PWA lives; notification clicks open <path>#/<screen> (field/static/js/app.js routes)
    "PUSH_APP_PATH": os.environ.get("PUSH_APP_PATH", "/"),
    #: the coordinator's review pages, opened by a review-queue notification
    "PUSH_REVIEW_PATH": "/review",
    "PUSH_ENDPOINT_HOSTS": PUSH_SERVICE_HOSTS,
    #: tests only: accept http:// endpoints (a real push service is always https)
    "PUSH_ALLOW_HTTP_ENDPOINTS": False,
}


def setting(name: str, config=None):
    config = current_app.config if config is None else config
    return config.get(name, DEFAULTS[name])
