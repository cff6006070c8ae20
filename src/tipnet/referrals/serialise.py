"""Referrals and recommendations as plain data (API)."""

from __future__ import annotations

from typing import Any

from .models import Referral


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _org(org: Any) -> dict[str, Any]:
    return {"id": str(org.uuid), "name": org.name, "country": org.country.code or None}


def referral_dict(r: Referral, user: Any) -> dict[str, Any]:
    return {
        "id": str(r.id), "kind": r.kind, "status": r.status,
        "direction": "incoming" if r.to_organisation_id == user.organisation_id else "outgoing",
        "case_id": str(r.case_id), "case_reference": r.case.reference,
        "from_organisation": _org(r.from_organisation), "to_organisation": _org(r.to_organisation),
        "service_type": r.service_type, "service": str(r.service_id) if r.service_id else None,
        "groups": list(r.groups), "message": r.message, "urgent": r.urgent,
        "basis": r.basis, "override_reason": r.override_reason,
        "status_reason": r.status_reason,
        "sent_by": r.sent_by.username if r.sent_by else None, "sent_at": _iso(r.sent_at),
        "respond_by": _iso(r.respond_by), "escalated_at": _iso(r.escalated_at),
        "answered_at": _iso(r.answered_at), "closed_at": _iso(r.closed_at),
    }


def recommendation_dict(rec: Any) -> dict[str, Any]:
    s = rec.service
    return {"service": {"id": str(s.id), "name": s.name},
            "counterpart": {"id": str(s.counterpart.id), "name": s.counterpart.name,
                            "on_tipnet": bool(s.counterpart.tenant_id),
                            "organisation": str(s.counterpart.tenant.uuid)
                            if s.counterpart.tenant_id else None},
            "score": rec.score,
            "factors": [{"factor": f.name, "points": f.points, "why": f.why}
                        for f in rec.factors]}
