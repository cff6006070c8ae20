"""Contacts as plain data (API)."""

from __future__ import annotations

from typing import Any


def contact_dict(c: Any, *, full: bool = True) -> dict[str, Any]:
    out = {"id": str(c.id), "channel": c.channel, "caller_type": c.caller_type,
           "language": c.language, "country": c.country.code or None,
           "urgency": c.urgency, "status": c.status, "flags": list(c.flags),
           "received_at": c.received_at.isoformat(),
           "case_id": str(c.case_id) if c.case_id else None,
           "repeat_of": str(c.repeat_of_id) if c.repeat_of_id else None}
    if full:
        out.update({"narrative": c.narrative, "location": c.location,
                    "caller_name": c.caller_name, "caller_contact": c.caller_contact,
                    "urgency_reasons": c.urgency_reasons or [],
                    "entities": sorted({e.kind for e in c.entities.all() if e.kind != "text"})})
    return out


def related_dict(related: Any) -> dict[str, Any]:
    return {"contacts": [{"id": str(c.id), "received_at": c.received_at.isoformat(),
                          "channel": c.channel, "urgency": c.urgency, "shares": kinds}
                         for c, kinds in related.contacts],
            "cases": [{"id": str(case.id), "reference": case.reference, "shares": kinds}
                      for case, kinds in related.cases]}
