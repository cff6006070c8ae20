"""Referrals and recommendations as plain data (API)."""

from __future__ import annotations

from typing import Any

from .models import Referral


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _org(org: Any, remote_id: str = "", remote_name: str = "", peer: Any = None
         ) -> dict[str, Any]:
    if org is None:  # on another deployment
        return {"id": remote_id, "name": remote_name, "country": None,
                "peer": {"id": peer.pk, "name": peer.name} if peer else None}
    return {"id": str(org.uuid), "name": org.name, "country": org.country.code or None}


def referral_dict(r: Referral, user: Any) -> dict[str, Any]:
    return {
        "id": str(r.id), "kind": r.kind, "status": r.status,
        "direction": "incoming" if r.to_organisation_id == user.organisation_id else "outgoing",
        "case_id": str(r.case_id) if r.case_id else None, "case_reference": r.reference,
        "from_organisation": _org(r.from_organisation, r.remote_organisation,
                                  r.remote_organisation_name, r.peer),
        "to_organisation": _org(r.to_organisation, r.remote_organisation,
                                r.remote_organisation_name, r.peer),
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
