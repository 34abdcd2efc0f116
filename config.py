"""Configuration read from the environment; ``TestConfig`` lives in tests/conftest.py."""
import os

LANGUAGES = {
    "en": "English",
    "bs": "Bosanski",
    "tr": "Türkçe",
    "hu": "Magyar",
    "sv": "Svenska",
    "de": "Deutsch",
    "ar": "العربية",
    "fi": "Suomi",
    "nb": "Norsk bokmål",
}
RTL_LANGUAGES = {"ar"}


def _bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # else made once into instance/secret_key
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # else SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: request bodies above this size get 413 (SYNC.md rule 1: 5 MB)
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    #: device tokens are long-lived so offline work survives weeks without a signal
    TOKEN_LIFETIME_DAYS = int(os.environ.get("TOKEN_LIFETIME_DAYS", "180"))
    #: where sign-in attempts are counted: Redis when more than one worker process serves (README)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    #: prefix of the rate-limit keys, so deployments can share one Redis
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "fieldmentor")
    RATELIMIT_HEADERS_ENABLED = True
    #: sign-in attempts per address and username, /login and the token endpoint together
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 100 per hour")
    #: sign-in attempts per address whatever the username (slows password spraying)
    LOGIN_RATE_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_RATE_LIMIT_PER_ADDRESS", "30 per minute; 300 per hour")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = "translations"
    LANGUAGES = LANGUAGES
    #: reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    WTF_CSRF_TIME_LIMIT = None
    #: sync: oldest schema_version the server still accepts
    MIN_SCHEMA_VERSION = 1
    SCHEMA_VERSION = 1
    #: an HLC further ahead of the server clock than this is lowered (SYNC.md rule 4)
    MAX_CLOCK_SKEW_SECONDS = 60
    VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY")
    VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY")
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:admin@fieldmentor.invalid")
