"""A push service on loopback for tests, and a browser-made subscription to go with it.

``BrowserSubscription`` is what ``pushManager.subscribe()`` makes: a P-256 key pair
and a 16-byte auth secret (made here with ``cryptography``). ``PushReceiver`` is a
real HTTP server standing in for FCM/Mozilla/Apple: for every POST it verifies the
VAPID JWT against the app's public key (ES256 signature, ``aud`` = its own origin,
``exp`` within 24 h), decrypts the aes128gcm body with ``http_ece`` using the
subscription's private key and auth secret, records it, and answers with the
status scripted for that endpoint (201 unless told otherwise).
"""
import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class BrowserSubscription:
    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def to_json(self) -> dict:
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth_secret)}}

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret,
                                version="aes128gcm")


@dataclass
class Received:
    path: str
    headers: dict
    status: int
    body: bytes = b""
    claims: dict | None = None
    vapid_error: str | None = None
    payload: dict | None = None
    decrypt_error: str | None = None


def verify_vapid(authorization: str, server_public_key: str, origin: str) -> dict:
    """The JWT claims of a ``vapid t=…,k=…`` header, or ValueError saying what is wrong."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise ValueError(f"scheme {scheme!r}")
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    if parts.get("k") != server_public_key:
        raise ValueError("k is not the server's public key")
    header_b64, claims_b64, signature_b64 = parts["t"].split(".")
    header = json.loads(unb64url(header_b64))
    if header.get("alg") != "ES256":
        raise ValueError(f"alg {header.get('alg')!r}")
    signature = unb64url(signature_b64)
    if len(signature) != 64:
        raise ValueError("signature is not raw r||s")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(server_public_key))
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise ValueError("bad signature") from None
    claims = json.loads(unb64url(claims_b64))
    if claims.get("aud") != origin:
        raise ValueError(f"aud {claims.get('aud')!r} is not {origin!r}")
    now = time.time()
    if not now < int(claims.get("exp", 0)) <= now + 24 * 3600:
        raise ValueError(f"exp {claims.get('exp')!r} not within 24 h")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise ValueError("sub missing")
    return claims


@dataclass
class PushReceiver:
    server_public_key: str
    subscriptions: dict = field(default_factory=dict)
    scripts: dict = field(default_factory=dict)
    received: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.handle(self, body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def subscription(self, name: str) -> BrowserSubscription:
        sub = BrowserSubscription(f"{self.origin}/push/{name}")
        self.subscriptions[f"/push/{name}"] = sub
        return sub

    def script(self, name: str, *answers):
        """Answer the next requests to this endpoint with these statuses (int or (status, headers))."""
        self.scripts[f"/push/{name}"] = list(answers)

    def to(self, name: str) -> list:
        return [r for r in self.received if r.path == f"/push/{name}"]

    def handle(self, request, body: bytes):
        headers = {k.lower(): v for k, v in request.headers.items()}
        record = Received(request.path, headers, 201, body)
        try:
            record.claims = verify_vapid(headers.get("authorization", ""), self.server_public_key, self.origin)
        except (ValueError, KeyError) as exc:
            record.vapid_error = str(exc)
        sub = self.subscriptions.get(request.path)
        if sub is not None:
            try:
                record.payload = json.loads(sub.decrypt(body))
            except Exception as exc:  # noqa: BLE001 — recorded for the test to show
                record.decrypt_error = f"{type(exc).__name__}: {exc}"
        with self.lock:
            answers = self.scripts.get(request.path) or []
            answer = answers.pop(0) if answers else 201
        status, extra = answer if isinstance(answer, tuple) else (answer, {})
        if record.vapid_error and status < 300:
            status = 403  # what a real push service does with a bad VAPID header
        record.status = status
        with self.lock:
            self.received.append(record)
        request.send_response(status)
        for name, value in extra.items():
            request.send_header(name, value)
        request.send_header("Content-Length", "0")
        request.end_headers()
