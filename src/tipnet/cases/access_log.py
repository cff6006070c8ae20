"""The access log of a case: every audit entry about the case or one of its parts.

Everyone who may see the case sees who else saw or changed it. Attempts from outside the
organisation (refused as 404) name other organisations' staff: only roles with
``audit.view`` see those.
"""

from __future__ import annotations

from tipnet.audit.models import AuditEntry

from .models import Case


def access_log(case: Case, viewer, limit: int = 500):  # type: ignore[no-untyped-def]
    entries = AuditEntry.objects.filter(subject_id=str(case.pk))
    if not viewer.can("audit.view"):
        entries = entries.filter(organisation_id=case.organisation_id)
    return entries.order_by("-seq")[:limit]
