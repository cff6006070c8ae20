"""Identities and packages: what travels between two deployments, sealed and signed.

Pure functions over bytes and dicts (PyCA ``cryptography`` and the standard library); no
database, no settings, so they are tested on their own.

A deployment's identity is an Ed25519 signing key pair and an X25519 encryption key pair. Its
**fingerprint** is the SHA-256 of both public keys: one number, read out over the phone, checks
both.

A package is one flat JSON object::

    v, kind, sender, recipient, idempotency_key, nonce, sent_at, in_reply_to, epk  (header)
    ciphertext                                                                     (payload)
    signature

* the payload (a JSON object) is encrypted to the recipient: an ephemeral X25519 key (``epk``)
  agrees a secret with the recipient's X25519 key, HKDF-SHA256 turns it into an AES-256-GCM key,
  and the canonical bytes of the header are the associated data — so the header cannot be
  changed, nor the ciphertext moved under another header;
* the sender signs, with Ed25519, the canonical bytes of every other field.

Canonical bytes: JSON with sorted keys, no spaces, ASCII only. Every field is checked against
a strict shape before anything is verified, so the canonical form is unambiguous.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = 1
ACK = "ack"  # the kind of a receiver's answer; never sent through the outbox
FINGERPRINT_CONTEXT = b"tipnet federation identity v1\x00"
SIGNATURE_CONTEXT = b"tipnet federation package v1\x00"
HKDF_INFO = b"tipnet federation payload v1"

KIND_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
B64_RE = re.compile(r"^[A-Za-z0-9_-]*$")
SENT_AT_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
HEADER = ("v", "kind", "sender", "recipient", "idempotency_key", "nonce", "sent_at",
          "in_reply_to", "epk")
FIELDS = frozenset((*HEADER, "ciphertext", "signature"))


class PackageError(ValueError):
    """A package is refused. ``code`` is stable (for logs, audit and tests)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# -- encoding ----------------------------------------------------------------------------

def b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def b64d(text: str, *, length: int | None = None, what: str = "value") -> bytes:
    if not isinstance(text, str) or not B64_RE.match(text):
        raise PackageError("malformed", f"{what} is not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if length is not None and len(raw) != length:
        raise PackageError("malformed", f"{what} must be {length} bytes")
    return raw


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- identities --------------------------------------------------------------------------

def fingerprint(signing_key: bytes, encryption_key: bytes) -> str:
    """SHA-256 (hex) of both public keys: what two administrators compare out of band."""
    return hashlib.sha256(FINGERPRINT_CONTEXT + signing_key + encryption_key).hexdigest()


def grouped(fingerprint_hex: str) -> str:
    """``3F2A 9C01 …``: 16 groups of four, easier to read out and compare."""
    upper = fingerprint_hex.upper()
    return " ".join(upper[i:i + 4] for i in range(0, len(upper), 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, spaces or colons) → 64 lower-case hex digits."""
    return re.sub(r"[\s:-]", "", str(text)).lower()


@dataclass(frozen=True)
class PublicIdentity:
    signing_key: bytes     # Ed25519, 32 bytes raw
    encryption_key: bytes  # X25519, 32 bytes raw

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_key, self.encryption_key)


@dataclass(frozen=True)
class PrivateIdentity:
    signing_seed: bytes       # Ed25519 private key, 32 bytes raw
    encryption_secret: bytes  # X25519 private key, 32 bytes raw

    @classmethod
    def generate(cls) -> PrivateIdentity:
        raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw
        none = serialization.NoEncryption()
        return cls(Ed25519PrivateKey.generate().private_bytes(*raw, none),
                   X25519PrivateKey.generate().private_bytes(*raw, none))

    @property
    def public(self) -> PublicIdentity:
        raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
        sign = Ed25519PrivateKey.from_private_bytes(self.signing_seed).public_key()
        enc = X25519PrivateKey.from_private_bytes(self.encryption_secret).public_key()
        return PublicIdentity(sign.public_bytes(*raw), enc.public_bytes(*raw))

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed).sign(data)


# -- sealing -----------------------------------------------------------------------------

def _payload_key(shared: bytes, epk: bytes, recipient_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + recipient_key,
                info=HKDF_INFO).derive(shared)


def seal(*, sender: PrivateIdentity, recipient: PublicIdentity, kind: str,
         idempotency_key: str, payload: dict, in_reply_to: str = "",
         now: dt.datetime | None = None) -> dict[str, Any]:
    """A new package: a fresh nonce and ephemeral key, encrypted to ``recipient``, signed by
    ``sender``. Sealing the same message again (a retry) gives a different package."""
    if not KIND_RE.match(kind):
        raise ValueError(f"kind {kind!r}: lower-case letters, digits, '.', '_' or '-'")
    if not KEY_RE.match(idempotency_key):
        raise ValueError("idempotency key: 1-128 letters, digits, '.', '_', ':' or '-'")
    if not isinstance(payload, dict):
        raise TypeError("the payload must be a dict")
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(serialization.Encoding.Raw,
                                              serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.encryption_key))
    header = {
        "v": VERSION, "kind": kind, "sender": sender.public.fingerprint,
        "recipient": recipient.fingerprint, "idempotency_key": idempotency_key,
        "nonce": b64e(os.urandom(16)), "sent_at": format_time(now or dt.datetime.now(dt.UTC)),
        "in_reply_to": in_reply_to, "epk": b64e(epk),
    }
    iv = os.urandom(12)
    plaintext = json.dumps(payload, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode("utf-8")
    sealed = AESGCM(_payload_key(shared, epk, recipient.encryption_key)).encrypt(
        iv, plaintext, canonical(header))
    package = {**header, "ciphertext": b64e(iv + sealed)}
    package["signature"] = b64e(sender.sign(SIGNATURE_CONTEXT + canonical(package)))
    return package


# -- opening, step by step (the receiver looks the sender up in between) -----------------

def parse(body: bytes) -> dict[str, Any]:
    """The package in a request body, its shape checked; nothing verified yet."""
    try:
        package = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise PackageError("malformed", "The body is not JSON.") from None
    if not isinstance(package, dict):
        raise PackageError("malformed", "The body is not a JSON object.")
    if not package.get("signature"):
        raise PackageError("unsigned", "The package is not signed.")
    if set(package) != FIELDS:
        raise PackageError("malformed", "The package's fields are not the expected ones.")
    if package["v"] != VERSION or isinstance(package["v"], bool):
        raise PackageError("malformed", f"Unsupported package version (this is {VERSION}).")
    checks = {
        "kind": KIND_RE, "idempotency_key": KEY_RE, "sender": HEX64_RE,
        "recipient": HEX64_RE, "sent_at": SENT_AT_RE,
    }
    for name, pattern in checks.items():
        if not isinstance(package[name], str) or not pattern.match(package[name]):
            raise PackageError("malformed", f"The package's {name} is not valid.")
    b64d(package["nonce"], length=16, what="nonce")
    if package["in_reply_to"] != "":
        b64d(package["in_reply_to"], length=16, what="in_reply_to")
    b64d(package["epk"], length=32, what="epk")
    b64d(package["signature"], length=64, what="signature")
    if len(b64d(package["ciphertext"], what="ciphertext")) < 12 + 16:
        raise PackageError("malformed", "The ciphertext is too short.")
    try:
        parse_time(package["sent_at"])
    except ValueError:
        raise PackageError("malformed", "The package's sent_at is not a time.") from None
    return package


def verify_signature(package: dict[str, Any], signing_key: bytes) -> None:
    signed = {k: v for k, v in package.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(signing_key).verify(
            b64d(package["signature"], length=64, what="signature"),
            SIGNATURE_CONTEXT + canonical(signed))
    except InvalidSignature:
        raise PackageError("bad_signature",
                           "The signature does not match the sender's key.") from None


def check_fresh(package: dict[str, Any], now: dt.datetime, window_seconds: int) -> None:
    """Refuse a package sent more than ``window_seconds`` away from ``now`` (either way)."""
    skew = abs((now - parse_time(package["sent_at"])).total_seconds())
    if skew > window_seconds:
        raise PackageError("stale", f"The package was sent {int(skew)} s away from this "
                           f"server's time; the window is ±{window_seconds} s (a replay, or "
                           "a clock to set right).")


def open_payload(package: dict[str, Any], recipient: PrivateIdentity) -> dict[str, Any]:
    header = {k: package[k] for k in HEADER}
    epk = b64d(package["epk"], length=32, what="epk")
    raw = b64d(package["ciphertext"], what="ciphertext")
    try:
        shared = X25519PrivateKey.from_private_bytes(recipient.encryption_secret).exchange(
            X25519PublicKey.from_public_bytes(epk))
        key = _payload_key(shared, epk, recipient.public.encryption_key)
        plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], canonical(header))
        payload = json.loads(plaintext)
    except (InvalidTag, ValueError):
        raise PackageError("undecryptable", "The payload does not open with this "
                           "deployment's key.") from None
    if not isinstance(payload, dict):
        raise PackageError("malformed", "The payload is not a JSON object.")
    return payload


def open_package(body: bytes, *, sender: PublicIdentity, recipient: PrivateIdentity,
                 now: dt.datetime, window_seconds: int) -> tuple[dict[str, Any], dict]:
    """Every check of a package from a known ``sender``: (package, payload)."""
    package = parse(body)
    if package["sender"] != sender.fingerprint:
        raise PackageError("unknown_sender", "The package is not from the expected sender.")
    if package["recipient"] != recipient.public.fingerprint:
        raise PackageError("wrong_recipient", "The package is for another deployment.")
    verify_signature(package, sender.signing_key)
    check_fresh(package, now, window_seconds)
    return package, open_payload(package, recipient)
