"""Demo referrals between the demo organisations: some waiting, some overdue, some accepted,
completed or declined, so that the dashboard and the case pages have something to show.
Only cases whose person consented to sharing and to services are referred."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from tipnet.cases.models import Case

SERVICES = ["EmergencyShelter", "MedicalCare", "MentalHealth", "LegalAid", "Repatriation",
            "FamilyTracing", "Livelihood"]
GROUPS = [["identity"], ["identity", "contact"], ["identity", "victim_context"],
          ["victim_context", "movements"]]
# What happens to each demo referral, in turn.
OUTCOMES = ["sent", "overdue", "accepted", "completed", "declined", "sent", "completed"]


def _with(users: dict[str, Any], permission: str) -> Any:
    return next((u for u in users.values() if u.can(permission)), None)


def seed(rng: random.Random, orgs: dict[str, Any], users: dict[str, dict[str, Any]],
         limit: int = 21) -> int:
    from tipnet.referrals import services
    from tipnet.referrals.models import Referral

    made = 0
    keys = list(orgs)
    for key in keys:
        sender = _with(users[key], "referral.send")
        if sender is None or not sender.role_spec.scope == "organisation":
            sender = _with({r: u for r, u in users[key].items()
                            if u.role_spec.scope == "organisation"}, "referral.send")
        if sender is None:
            continue
        cases = Case.objects.filter(organisation=orgs[key]).prefetch_related("consents")
        for case in cases.order_by("reference")[:60]:
            if made >= limit:
                return made
            active = {c.scope for c in case.consents.all() if c.active}
            if not {"share_with_organisations", "services"} <= active or rng.random() > 0.4:
                continue
            target = rng.choice([k for k in keys if k != key])
            receiver = _with(users[target], "referral.receive")
            if receiver is None:
                continue
            try:
                referral = services.send(sender, case.pk, {
                    "to_organisation": str(orgs[target].uuid),
                    "service_type": rng.choice(SERVICES), "groups": rng.choice(GROUPS),
                    "message": "Demo referral: please confirm whether you can help.",
                    "urgent": rng.random() < 0.2}, via="cli")
            except services.ReferralError:
                continue  # the gate said no (a refusal recorded later): fine for a demo
            outcome = OUTCOMES[made % len(OUTCOMES)]
            if outcome == "overdue":
                Referral.objects.filter(pk=referral.pk).update(
                    sent_at=timezone.now() - dt.timedelta(days=4),
                    respond_by=timezone.now() - dt.timedelta(days=1))
            elif outcome in ("accepted", "completed"):
                services.change(receiver, referral.pk, "accept", via="cli")
                if outcome == "completed":
                    services.change(receiver, referral.pk, "complete",
                                    "Demo: service provided.", via="cli")
            elif outcome == "declined":
                services.change(receiver, referral.pk, "decline",
                                "Demo: no places this month.", via="cli")
            made += 1
    return made
