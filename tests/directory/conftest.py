import json
import uuid
from pathlib import Path

import pytest

from tipnet.directory.hsds import TAXONOMIES, attribute

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "hsds" / "examples"


def example(name):
    return json.loads((EXAMPLES / name).read_text())


def _id(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(parts)))


def shelter(name="Safe House Kathmandu", country="NP", city="Kathmandu", lat=27.7172,
            lon=85.324, types=("EmergencyShelter",), populations=("Women",),
            languages=("ne", "en"), exploitation=("SexualExploitation",), byday="MO,TU,WE,TH,FR",
            opens="09:00", closes="17:00", offset=5.75):
    """An HSDS organization with one service at one location, in tipnet's taxonomies."""
    org, svc, loc = _id(name, "org"), _id(name, "svc"), _id(name, "loc")

    return {
        "id": org, "name": name, "description": f"{name}: help for survivors.",
        "email": "contact@example.org",
        "locations": [{"id": loc, "location_type": "physical", "name": name, "latitude": lat,
                       "longitude": lon,
                       "addresses": [{"id": _id(name, "addr"), "address_1": "1 Example Road",
                                      "city": city, "state_province": "-", "postal_code": "-",
                                      "country": country, "address_type": "physical"}]}],
        "services": [{
            "id": svc, "name": f"{name} shelter", "status": "active",
            "description": "Beds, food and protection.",
            "phones": [{"id": _id(name, "phone"), "number": "+977 1 4000000"}],
            "schedules": [{"id": _id(name, "sched"), "freq": "WEEKLY", "byday": byday,
                           "opens_at": opens, "closes_at": closes, "timezone": offset}],
            "service_areas": [{"id": _id(name, "area"), "name": f"{city} valley"}],
            "languages": [{"id": _id(name, "lang", c), "code": c} for c in languages],
            "service_at_locations": [{"id": _id(name, "sal"), "location_id": loc}],
            "attributes": [attribute(svc, TAXONOMIES[field], c)
                           for field, codes in (("service_type", types),
                                                ("populations", populations),
                                                ("exploitation_types", exploitation))
                           for c in codes],
        }],
    }


@pytest.fixture
def sysadmin(org, make_user):
    return make_user(org, "system_admin", username="sysadmin")


@pytest.fixture
def directory(sysadmin):
    from tipnet.directory import services

    services.import_hsds(sysadmin, [
        shelter(),
        shelter("Labour Rights Centre Delhi", "IN", "Delhi", 28.61, 77.21,
                ("LegalAid", "ImmigrationAdvice"), ("Men", "Migrants"), ("hi", "en"),
                ("ForcedLabour",), "MO,TU,WE,TH,FR,SA", "08:00", "20:00", 5.5),
        shelter("Night Hotline Kuala Lumpur", "MY", "Kuala Lumpur", 3.139, 101.687,
                ("Hotline",), ("Women", "Men", "Children"), ("ms", "en"),
                ("ForcedLabour", "SexualExploitation"), "", "22:00", "06:00", 8),
    ])
