"""What other apps may ask of accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def member_emails(organisation_id: int, permission: str) -> list[str]:
    """The e-mail addresses of the organisation's active members whose role has
    ``permission`` (for notifications)."""
    users = get_user_model().objects.filter(organisation_id=organisation_id, is_active=True) \
        .exclude(email="")
    return sorted({u.email for u in users if u.can(permission)})
