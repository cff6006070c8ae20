"""Organisations (the tenants), their teams, users with roles, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from functools import partial

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tipnet.codelists import services as codelists

from .roles import role as role_spec


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32,
                            choices=partial(codelists.choices, "organisation_type"))
    htcds_type = models.CharField(
        _("HTCDS organisation type"), max_length=40, blank=True,
        choices=partial(codelists.choices, "htcds_org_type"))
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    case_prefix = models.CharField(
        _("case reference prefix"), max_length=12, unique=True,
        help_text=_("Letters that start this organisation's case references, e.g. KTM."))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        unique_together = [("organisation", "name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class User(AbstractUser):
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="users")
    role = models.CharField(_("role"), max_length=32,
                            choices=partial(codelists.choices, "role"), default="caseworker")
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    preferred_language = models.CharField(max_length=8, blank=True)

    @property
    def role_spec(self):  # type: ignore[no-untyped-def]
        return role_spec(self.role)

    def can(self, permission: str) -> bool:
        return self.is_active and permission in self.role_spec.permissions


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token is shown once, when issued."""

    PREFIX = "tnt_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_id = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key_id} ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        key_id = secrets.token_hex(4)
        raw = f"{cls.PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        token = cls.objects.create(user=user, name=name, key_id=key_id, digest=_hash_token(raw))
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> ApiToken | None:
        if not raw.startswith(cls.PREFIX):
            return None
        token = cls.objects.select_related("user", "user__organisation").filter(
            digest=_hash_token(raw), revoked_at__isnull=True).first()
        if token is None or not token.user.is_active:
            return None
        org = token.user.organisation
        if org is not None and not org.is_active:
            return None
        return token

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
