"""Directory entries as plain data (API, map markers)."""

from __future__ import annotations

from typing import Any


def location_dict(loc: Any) -> dict[str, Any]:
    return {"id": str(loc.id), "name": loc.name, "address": loc.address_1, "city": loc.city,
            "region": loc.region or loc.state_province, "country": loc.country.code or None,
            "latitude": loc.latitude, "longitude": loc.longitude}


def service_dict(svc: Any) -> dict[str, Any]:
    org = svc.counterpart
    return {"id": str(svc.id), "name": svc.name, "description": svc.description,
            "status": svc.status, "counterpart": {"id": str(org.id), "name": org.name,
                                                  "country": org.country.code or None,
                                                  "verification": org.verification,
                                                  "verified_on": org.verified_on.isoformat()
                                                  if org.verified_on else None},
            "service_types": svc.service_types, "populations": svc.populations,
            "exploitation_types": svc.exploitation_types, "languages": svc.languages,
            "capacity": svc.capacity, "capacity_note": svc.capacity_note,
            "email": svc.email, "url": svc.url,
            "phones": [p.number for p in svc.phones.all()],
            "opening_hours": [{"days": s.byday, "opens_at": s.opens_at.strftime("%H:%M")
                               if s.opens_at else None,
                               "closes_at": s.closes_at.strftime("%H:%M")
                               if s.closes_at else None, "utc_offset": s.utc_offset}
                              for s in svc.schedules.all()],
            "areas": [a.name for a in svc.areas.all()],
            "locations": [location_dict(loc) for loc in svc.locations.all()]}


def counterpart_dict(org: Any) -> dict[str, Any]:
    return {"id": str(org.id), "name": org.name, "alternate_name": org.alternate_name,
            "description": org.description, "email": org.email, "website": org.website,
            "country": org.country.code or None, "verification": org.verification,
            "verified_on": org.verified_on.isoformat() if org.verified_on else None,
            "phones": [p.number for p in org.phones.filter(service=None)],
            "locations": [location_dict(loc) for loc in org.locations.all()],
            "services": [service_dict(s) for s in org.services.select_related("counterpart")]}
