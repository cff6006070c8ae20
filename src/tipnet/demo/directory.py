"""Demo counterparts for the directory: fictional organisations along the demo corridors
(Nepal, India, Malaysia, the Gulf), imported as HSDS like any real directory would be."""

from __future__ import annotations

import uuid
from typing import Any

from tipnet.directory.hsds import TAXONOMIES, attribute

NAMESPACE = uuid.UUID("6f1c2a55-1d0e-4c55-9c1b-5e1a3d7c0d11")

# name, country, city, latitude, longitude, service types, populations, languages,
# exploitation types, days, opens, closes, UTC offset
COUNTERPARTS = [
    ("Demo Safe Haven Kathmandu", "NP", "Kathmandu", 27.7172, 85.3240,
     ["EmergencyShelter", "MentalHealth", "CaseManagement"], ["Women", "Children"],
     ["ne", "en"], ["SexualExploitation", "ForcedLabour"], "MO,TU,WE,TH,FR,SA", "08:00",
     "18:00", 5.75),
    ("Demo Migrant Workers' Legal Aid, Pokhara", "NP", "Pokhara", 28.2096, 83.9856,
     ["LegalAid", "ImmigrationAdvice", "Repatriation"], ["Men", "Migrants"], ["ne", "hi"],
     ["ForcedLabour"], "MO,TU,WE,TH,FR", "10:00", "17:00", 5.75),
    ("Demo Return and Reintegration Desk, Delhi", "IN", "Delhi", 28.6139, 77.2090,
     ["Repatriation", "FamilyTracing", "Livelihood"], ["Women", "Men", "Migrants"],
     ["hi", "en", "ne"], ["ForcedLabour", "SexualExploitation"], "MO,TU,WE,TH,FR", "09:30",
     "17:30", 5.5),
    ("Demo Kolkata Child Protection Unit", "IN", "Kolkata", 22.5726, 88.3639,
     ["ChildProtection", "EmergencyShelter", "Education"], ["Children",
                                                            "UnaccompaniedChildren"],
     ["bn", "hi", "en"], ["ChildLabour", "SexualExploitation"], "", "00:00", "23:59", 5.5),
    ("Demo Helpline Kuala Lumpur", "MY", "Kuala Lumpur", 3.1390, 101.6869,
     ["Hotline", "Interpretation"], ["Women", "Men", "Migrants", "Refugees"],
     ["ms", "en", "ne", "bn"], ["ForcedLabour", "SexualExploitation"], "", "20:00", "08:00",
     8),
    ("Demo Penang Shelter for Women", "MY", "George Town", 5.4141, 100.3288,
     ["LongTermShelter", "MedicalCare", "VocationalTraining"], ["Women"], ["ms", "en"],
     ["SexualExploitation", "Servitude"], "MO,TU,WE,TH,FR,SA,SU", "07:00", "21:00", 8),
    ("Demo Gulf Domestic Workers' Centre, Dubai", "AE", "Dubai", 25.2048, 55.2708,
     ["EmergencyShelter", "LegalAid", "Repatriation"], ["Women", "Migrants"],
     ["ar", "en", "ne", "tl"], ["Servitude", "ForcedLabour"], "SU,MO,TU,WE,TH", "09:00",
     "17:00", 4),
]


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _service_name(types: list[str]) -> str:
    from tipnet.codelists import services as codelists

    labels = [codelists.get("service_type").label(t, "en") for t in types]
    return ", ".join(labels[:-1]) + (" and " if len(labels) > 1 else "") + labels[-1]


def documents() -> list[dict[str, Any]]:
    out = []
    for (name, country, city, lat, lon, types, populations, languages, exploitation, days,
         opens, closes, offset) in COUNTERPARTS:
        svc, loc = _id(name, "service"), _id(name, "location")

        out.append({
            "id": _id(name), "name": name,
            "description": f"{name} (a fictional organisation of the tipnet demo).",
            "email": "help@example.org",
            "locations": [{"id": loc, "location_type": "physical", "name": name,
                           "latitude": lat, "longitude": lon,
                           "addresses": [{"id": _id(name, "address"),
                                          "address_1": "Demo Street 1", "city": city,
                                          "state_province": "-", "postal_code": "-",
                                          "country": country, "address_type": "physical"}]}],
            "services": [{
                "id": svc, "name": _service_name(types), "status": "active",
                "description": "Fictional demo service.",
                "phones": [{"id": _id(name, "phone"), "number": "+1 555 0100"}],
                "schedules": [{"id": _id(name, "hours"), "freq": "WEEKLY", "byday": days,
                               "opens_at": opens, "closes_at": closes, "timezone": offset}],
                "service_areas": [{"id": _id(name, "area"), "name": city}],
                "languages": [{"id": _id(name, "language", c), "code": c} for c in languages],
                "service_at_locations": [{"id": _id(name, "at"), "location_id": loc}],
                "attributes": [attribute(svc, TAXONOMIES[field], c)
                               for field, codes in (("service_type", types),
                                                    ("populations", populations),
                                                    ("exploitation_types", exploitation))
                               for c in codes]}],
        })
    return out


def seed(user: Any) -> int:
    from tipnet.directory import services

    return services.import_hsds(user, documents(), via="cli").created


def reset() -> int:
    from tipnet.directory.models import Counterpart

    deleted, _ = Counterpart.objects.filter(pk__in=[_id(c[0]) for c in COUNTERPARTS]).delete()
    return deleted
