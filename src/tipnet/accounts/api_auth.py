"""Bearer-token authentication for the JSON API."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer

from tipnet.audit import services as audit

from .models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token):  # type: ignore[no-untyped-def]
        found = ApiToken.authenticate(token)
        if found is None:
            audit.record("token_rejected", object_type="accounts.apitoken", via="api",
                         detail={"key_id": token[4:12] if token.startswith("tnt_") else ""})
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user
