"""The access log of a case: every audit entry about the case or one of its parts."""

from __future__ import annotations

from django.db.models import Q

from tipnet.audit.models import AuditEntry

from .models import Case


def access_log(case: Case, limit: int = 500):  # type: ignore[no-untyped-def]
    return (AuditEntry.objects.filter(
        Q(object_type="cases.case", object_id=str(case.pk))
        | Q(detail__case=str(case.pk)))
        .order_by("-seq")[:limit])
