"""The acting user of an HTCDS command (--user USERNAME)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username: str | None) -> Any:
    if not username:
        raise CommandError("give the acting user: --user USERNAME")
    user = get_user_model().objects.select_related("organisation").filter(
        username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"no active user named {username!r}")
    if user.organisation_id is None:
        raise CommandError(f"{username!r} belongs to no organisation")
    return user
