"""The consent gate: may this case be shared with that organisation, for this purpose?

A referral for a service needs the person's consent to share with other organisations and
their consent to receive services; a transfer needs the consent to share. For each scope the
newest record that has not been withdrawn decides: a refusal recorded after a consent closes
the gate. A consent to share limited to named organisations (``organisations``: their ids)
covers only those. The gate is checked when a referral is sent and again every time the
receiving organisation opens the case, so a withdrawal takes effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SHARE = "share_with_organisations"
SERVICES = "services"
NEEDED = {"referral": (SHARE, SERVICES), "transfer": (SHARE,)}


@dataclass(frozen=True)
class Gate:
    open: bool
    missing: list[str] = field(default_factory=list)  # consent scopes not covering it


def _deciding(consents: list[Any], scope: str) -> Any:
    """The newest live record of the scope; of records given at the same moment, the one
    recorded last, and a refusal over a consent."""
    live = [c for c in consents if c.scope == scope and c.withdrawn_at is None]
    return max(live, key=lambda c: (c.given_at, getattr(c, "created_at", None) or c.given_at,
                                    not c.given)) if live else None


def check(consents: list[Any], kind: str, organisation_key: str) -> Gate:
    """``consents``: the case's consent records; ``organisation_key``: the receiving
    organisation's id as consent records name it (its UUID)."""
    missing = []
    for scope in NEEDED[kind]:
        record = _deciding(consents, scope)
        covered = record is not None and record.given and (
            scope != SHARE or not record.organisations
            or organisation_key in record.organisations)
        if not covered:
            missing.append(scope)
    return Gate(open=not missing, missing=missing)
