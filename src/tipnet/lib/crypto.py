"""Field-level encryption and blind indexes.

Personal data is sealed with AES-256-GCM (an authenticated cipher from the ``cryptography``
library). Every ciphertext names the key it was sealed with, so several keys can be live at
once: the first key of the ring seals, every key of the ring opens. That is what makes key
rotation possible without downtime (see ``tipnet rotate_keys`` and docs/security.md).

Exact-match search over encrypted values uses blind indexes: an HMAC-SHA256 of the
normalised value under a key derived from each data key. A search computes the digest under
every live key, so it keeps working while a rotation is under way.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "tn1"
KID_RE = re.compile(r"[A-Za-z0-9_-]{1,16}\Z")  # with match(): the whole id, no newline
DIGEST_HEX_CHARS = 32  # 128 bits of HMAC-SHA256: collisions are not a practical concern


class KeySpecError(ValueError):
    """A key specification is malformed."""


class DecryptionError(ValueError):
    """A ciphertext could not be opened: wrong key, unknown key id, or tampered data."""


@dataclass(frozen=True)
class DataKey:
    kid: str
    secret: bytes

    @property
    def aead(self) -> AESGCM:
        return _aead(self.secret)

    @property
    def index_key(self) -> bytes:
        return _derive(self.secret, b"tipnet blind index v1")


@lru_cache(maxsize=32)
def _aead(secret: bytes) -> AESGCM:
    return AESGCM(secret)


@lru_cache(maxsize=32)
def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


@lru_cache(maxsize=32)
def _index_mac(key: DataKey) -> hmac.HMAC:
    """HMAC-SHA256 under the key's blind-index key, nothing hashed yet: ``copy()`` it (much
    cheaper than keying a new HMAC for every digest)."""
    return hmac.new(key.index_key, digestmod=hashlib.sha256)


def _sealer(key: DataKey) -> Callable[[str, str], str]:
    encrypt = key.aead.encrypt
    head = f"{PREFIX}:{key.kid}:"
    urandom, b64 = os.urandom, base64.urlsafe_b64encode

    def seal(plaintext: str, context: str) -> str:
        nonce = urandom(12)
        sealed = encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return head + b64(nonce + sealed).rstrip(b"=").decode("ascii")

    return seal


def generate_key_spec(kid: str) -> str:
    """Return a new key in the ``kid:base64`` form that TIPNET_DATA_KEYS takes."""
    return f"{kid}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def parse_key_specs(specs: list[str]) -> list[DataKey]:
    """Parse ``kid:base64key`` items; the first is the primary (sealing) key."""
    keys: list[DataKey] = []
    seen: set[str] = set()
    for spec in specs:
        kid, sep, b64 = spec.partition(":")
        if not sep or not KID_RE.match(kid):
            raise KeySpecError(f"key id in {kid!r}… must be 1-16 letters, digits, '-' or '_'")
        if kid in seen:
            raise KeySpecError(f"key id {kid!r} appears twice")
        try:
            secret = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        except ValueError:
            raise KeySpecError(f"key {kid!r} is not valid base64") from None
        if len(secret) != 32:
            raise KeySpecError(f"key {kid!r} must be 32 bytes, got {len(secret)}")
        seen.add(kid)
        keys.append(DataKey(kid, secret))
    if not keys:
        raise KeySpecError("at least one data key is required")
    return keys


class Keyring:
    """The live data keys. ``primary`` seals; all open."""

    def __init__(self, keys: list[DataKey]):
        if not keys:
            raise KeySpecError("a keyring needs at least one key")
        self.keys = list(keys)
        self.primary = self.keys[0]
        self._by_kid = {k.kid: k for k in self.keys}
        self._sealer: Callable[[str, str], str] | None = None

    def encrypt(self, plaintext: str, context: str) -> str:
        return self.sealer()(plaintext, context)

    def sealer(self) -> Callable[[str, str], str]:
        """``encrypt`` as a function, the primary key's cipher looked up once: for sealing
        many values (a bulk import seals about ten a record). Each value still gets its own
        random 96-bit nonce from the operating system, drawn when it is sealed."""
        seal = self._sealer
        if seal is None:
            seal = self._sealer = _sealer(self.primary)
        return seal

    def decrypt(self, token: str, context: str) -> str:
        return self.decrypt_bytes_token(token, context).decode("utf-8")

    def decrypt_bytes_token(self, token: str, context: str) -> bytes:
        try:
            prefix, kid, body = token.split(":", 2)
        except ValueError:
            raise DecryptionError("not a tipnet ciphertext") from None
        if prefix != PREFIX:
            raise DecryptionError("not a tipnet ciphertext")
        key = self._by_kid.get(kid)
        if key is None:
            raise DecryptionError(f"sealed with key {kid!r}, which is not in the keyring")
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        try:
            return key.aead.decrypt(raw[:12], raw[12:], context.encode())
        except InvalidTag:
            raise DecryptionError("ciphertext failed authentication") from None

    def encrypt_bytes(self, data: bytes, context: str) -> bytes:
        """Seal a blob (an attachment). Format: b'tn1' kid-length kid nonce ciphertext."""
        nonce = os.urandom(12)
        kid = self.primary.kid.encode()
        sealed = self.primary.aead.encrypt(nonce, data, context.encode())
        return PREFIX.encode() + bytes([len(kid)]) + kid + nonce + sealed

    def decrypt_bytes(self, blob: bytes, context: str) -> bytes:
        if not blob.startswith(PREFIX.encode()):
            raise DecryptionError("not a tipnet encrypted blob")
        n = blob[3]
        kid = blob[4 : 4 + n].decode()
        key = self._by_kid.get(kid)
        if key is None:
            raise DecryptionError(f"sealed with key {kid!r}, which is not in the keyring")
        rest = blob[4 + n :]
        try:
            return key.aead.decrypt(rest[:12], rest[12:], context.encode())
        except InvalidTag:
            raise DecryptionError("blob failed authentication") from None

    def sealed_with_primary(self, token: str | bytes) -> bool:
        if isinstance(token, bytes):
            n = token[3] if len(token) > 3 else 0
            return token[4 : 4 + n] == self.primary.kid.encode()
        return token.startswith(f"{PREFIX}:{self.primary.kid}:")

    def digest(self, kind: str, normalised: str, key: DataKey | None = None) -> str:
        """Blind index of a normalised value, under the primary key unless one is given."""
        return self.digester(key)(kind, normalised)

    def digester(self, key: DataKey | None = None) -> Callable[[str, str], str]:
        """``digest`` as a function of (kind, normalised value), the key's HMAC state looked
        up once: for indexing many values (a bulk import digests about six a record)."""
        copy = _index_mac(key or self.primary).copy  # the key's HMAC state, set up once

        def digest(kind: str, normalised: str) -> str:
            mac = copy()
            mac.update(f"{kind}\x00{normalised}".encode())
            return mac.hexdigest()[:DIGEST_HEX_CHARS]

        return digest

    def digests(self, kind: str, normalised: str) -> list[str]:
        """The value's blind index under every live key (for searching during rotation)."""
        return [self.digest(kind, normalised, key) for key in self.keys]
