"""Second factors for demo users: a TOTP device whose key is derived from the username.

The key is fixed per username (not secret: anyone with this source can compute it), so the
secret printed by ``tipnet seed_demo`` stays the same across re-seeds and machines and can go
into an authenticator app once. That is acceptable only because demo users exist only in
demo data; a demo user is recognised by its username prefix, its device's name and its
device's key all matching, which an ordinary user's device never does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

USERNAME_PREFIX = "demo."
DEVICE_NAME = "demo"
_KEY_CONTEXT = b"tipnet demo TOTP key, v1"


def demo_key(username: str) -> bytes:
    """20 bytes (160 bits, as RFC 4226 recommends) derived from the username."""
    return hmac.new(_KEY_CONTEXT, username.encode(), hashlib.sha256).digest()[:20]


def base32_secret(key: bytes) -> str:
    """The secret as authenticator apps take it (RFC 4648 base32, no padding)."""
    return base64.b32encode(key).decode().rstrip("=")


def create_device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    TOTPDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True,
                                     key=demo_key(user.username).hex())


def demo_device(user) -> TOTPDevice | None:  # type: ignore[no-untyped-def]
    """The user's demo device, if the user is a demo user created by seed_demo."""
    if not user.username.startswith(USERNAME_PREFIX):
        return None
    expected = demo_key(user.username).hex()
    for device in TOTPDevice.objects.filter(user=user, name=DEVICE_NAME, confirmed=True):
        if hmac.compare_digest(device.key, expected):
            return device
    return None


def is_demo_user(user) -> bool:  # type: ignore[no-untyped-def]
    return demo_device(user) is not None


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def seconds_left(device: TOTPDevice, at: float | None = None) -> int:
    now = time.time() if at is None else at
    return int(device.step - ((now - device.t0) % device.step))
