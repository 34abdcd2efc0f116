"""The server's VAPID identity (RFC 8292).

Keys come from the environment (VAPID_PRIVATE_KEY, optionally VAPID_PUBLIC_KEY) or
are made once into ``instance/vapid_private.pem`` the first time the app needs
them. Changing the key strands every subscription made with the old one, so the
file is never rewritten.
"""
import base64
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

KEY_FILE = "vapid_private.pem"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_b64(private_key: ec.EllipticCurvePrivateKey) -> str:
    """The uncompressed P-256 point a browser takes as applicationServerKey."""
    return b64url(private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def parse_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """PEM, base64url DER, or base64url raw 32-byte scalar (what web-push tools print)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
    else:
        raw = b64url_decode(text)
        if len(raw) == 32:
            key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
        else:
            key = serialization.load_der_private_key(raw, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError("VAPID_PRIVATE_KEY must be a P-256 (prime256v1) key")
    return key


@dataclass(frozen=True)
class VapidKeys:
    private_key: ec.EllipticCurvePrivateKey
    public_key: str
    subject: str
    source: str

    def signer(self) -> Vapid:
        return Vapid(private_key=self.private_key)

    def claims(self) -> dict:
        """A new claims dict for every send: pywebpush writes aud and exp into the one it gets."""
        return {"sub": self.subject}


def _read_or_create(path: str) -> ec.EllipticCurvePrivateKey:
    if not os.path.exists(path):
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    with open(path) as fh:
        return parse_private_key(fh.read())


def load_keys(app) -> VapidKeys:
    """The app's VAPID keys, cached per key source."""
    configured = app.config.get("VAPID_PRIVATE_KEY")
    path = os.path.join(app.instance_path, KEY_FILE)
    source = "config" if configured else path
    cache = app.extensions.setdefault("fm_vapid", {})
    if source not in cache:
        if configured:
            key = parse_private_key(configured)
        else:
            os.makedirs(app.instance_path, exist_ok=True)
            key = _read_or_create(path)
        public = public_key_b64(key)
        given_public = app.config.get("VAPID_PUBLIC_KEY")
        if configured and given_public and given_public.strip().rstrip("=") != public:
            raise ValueError("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY")
        cache[source] = VapidKeys(key, public, app.config.get("VAPID_SUBJECT") or "mailto:admin@localhost.localdomain",
                                  source)
    return cache[source]
