"""Referrals open cases to the receiving organisation: the grant provider registered in
settings.TIPNET_CASE_GRANT_PROVIDERS (see tipnet.cases.access).

Members of the receiving organisation whose role has ``referral.receive`` may open a case
while a referral of it to their organisation is sent or accepted, and see only the field
groups the referral shares, and only while the person's consent still covers it (or the
referral was sent under a recorded override)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from tipnet.cases import sharing

from . import consent
from .models import OPEN, Referral


def _receives(user: Any) -> bool:
    return bool(user.organisation_id) and user.can("referral.receive")


def _live(user: Any) -> Any:
    """Open referrals to the user's organisation, sent by the organisation that holds the case
    now (a referral made before the case was transferred away opens nothing)."""
    return Referral.objects.filter(to_organisation_id=user.organisation_id, status__in=OPEN,
                                   from_organisation_id=F("case__organisation_id"))


class ReferralGrants:
    def visible(self, user: Any) -> Q:
        if not _receives(user):
            return Q(pk__in=[])
        return Q(pk__in=_live(user).values("case_id"))

    def scope(self, user: Any, case: Any) -> frozenset[str] | None:
        if not _receives(user):
            return None
        if case.deleted_at is not None:
            return None
        referrals = list(_live(user).filter(case_id=case.pk).select_related("to_organisation"))
        if not referrals:
            return None
        consents = list(case.consents.all())
        groups: set[str] = set()
        granted = False
        for referral in referrals:
            if referral.basis == "override" or consent.check(
                    consents, referral.kind, str(referral.to_organisation.uuid)).open:
                granted = True
                groups |= set(referral.groups)
        return (frozenset(groups) | sharing.always_shared()) if granted else None


provider = ReferralGrants()
