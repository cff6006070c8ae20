"""TOTP second factor on top of django-otp."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice | None:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def check(device: TOTPDevice, token: str) -> bool:
    token = (token or "").strip().replace(" ", "")
    return token.isdigit() and device.verify_token(token)
