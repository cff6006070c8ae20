"""Open Referral HSDS 3: validate documents against the published schemas (``data/hsds/``,
CC BY-SA 4.0), and map organizations and services to the directory and back.

An import takes an HSDS *organization* (with its services and locations), a *service* (with
its organization), or a list of either. What tipnet keeps as codes — types of service, who a
service is for, exploitation types handled — travels as HSDS *attributes* whose taxonomy term
codes are tipnet's code-list codes (taxonomies ``tipnet:service_type``,
``tipnet:population_served``, ``tipnet:exploitation_type``); attributes of other taxonomies are
left aside on import. Languages travel as HSDS languages with ISO 639 codes.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "hsds"
TAXONOMIES = {"service_type": "tipnet:service_type", "populations": "tipnet:population_served",
              "exploitation_types": "tipnet:exploitation_type"}
CODELISTS = {"service_type": "service_type", "populations": "population_served",
             "exploitation_types": "exploitation_type"}


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema,
                                                            default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, registry=_registry(),
                                           format_checker=jsonschema.FormatChecker())


def errors(kind: str, document: Any) -> list[tuple[str, str]]:
    """Every way ``document`` breaks the HSDS schema of ``kind`` (organization, service), as
    (path, message)."""
    out = []
    for error in _validator(kind).iter_errors(document):
        path = ".".join(str(p) for p in error.absolute_path)
        out.append((path, error.message[:300]))
    return sorted(out)


def kind_of(document: Any) -> str | None:
    """organization or service, by what the document carries."""
    if not isinstance(document, dict):
        return None
    if "services" in document or "organization_identifiers" in document or \
            "legal_status" in document or "year_incorporated" in document:
        return "organization"
    if "status" in document or "service_at_locations" in document or \
            "organization" in document:
        return "service"
    return "organization"


# -- export -------------------------------------------------------------------------------

def _attribute(link_id: str, taxonomy: str, code: str, label: str) -> dict[str, Any]:
    term_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{taxonomy}:{code}"))
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{link_id}:{taxonomy}:{code}")),
            "link_id": link_id, "link_type": taxonomy, "link_entity": "service",
            "taxonomy_term_id": term_id,
            "taxonomy_term": {"id": term_id, "code": code, "name": label,
                              "description": label, "taxonomy": taxonomy}}


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def location_record(loc: Any) -> dict[str, Any]:
    address = None
    if loc.address_1 or loc.city:
        address = _clean({"id": str(uuid.uuid5(loc.id, "address")), "location_id": str(loc.id),
                          "address_1": loc.address_1 or "-", "address_2": loc.address_2,
                          "city": loc.city or "-", "region": loc.region,
                          "state_province": loc.state_province or "-",
                          "postal_code": loc.postal_code or "-",
                          "country": loc.country.code or "-",
                          "address_type": loc.location_type})
    return _clean({"id": str(loc.id), "location_type": loc.location_type,
                   "organization_id": str(loc.counterpart_id), "name": loc.name,
                   "description": loc.description, "latitude": loc.latitude,
                   "longitude": loc.longitude, "addresses": [address] if address else []})


def service_record(svc: Any) -> dict[str, Any]:
    from tipnet.codelists import services as codelists

    sid = str(svc.id)
    attributes = [_attribute(sid, TAXONOMIES[field], code,
                             codelists.get(CODELISTS[field]).label(code, "en"))
                  for field in ("service_type", "populations", "exploitation_types")
                  for code in getattr(svc, "service_types" if field == "service_type"
                                      else field)]
    return _clean({
        "id": sid, "organization_id": str(svc.counterpart_id), "name": svc.name,
        "description": svc.description, "status": svc.status, "email": svc.email,
        "url": svc.url, "minimum_age": svc.minimum_age, "maximum_age": svc.maximum_age,
        "phones": [_clean({"id": str(p.id), "service_id": sid, "number": p.number,
                           "type": p.type, "description": p.description})
                   for p in svc.phones.all()],
        "schedules": [_clean({"id": str(s.id), "service_id": sid, "freq": "WEEKLY",
                              "byday": s.byday,
                              "opens_at": s.opens_at.strftime("%H:%M") if s.opens_at else None,
                              "closes_at": s.closes_at.strftime("%H:%M")
                              if s.closes_at else None,
                              "timezone": s.utc_offset, "description": s.description})
                      for s in svc.schedules.all()],
        "service_areas": [_clean({"id": str(a.id), "service_id": sid, "name": a.name,
                                  "description": ", ".join(a.countries)})
                          for a in svc.areas.all()],
        "languages": [{"id": str(uuid.uuid5(svc.id, f"language:{code}")), "service_id": sid,
                       "code": code, "name": codelists.get("language").label(code, "en")}
                      for code in svc.languages],
        "service_at_locations": [{"id": str(uuid.uuid5(svc.id, f"at:{loc.id}")),
                                  "service_id": sid, "location_id": str(loc.id)}
                                 for loc in svc.locations.all()],
        "attributes": attributes,
        "capacity_note": None,
    })


def organization_record(org: Any) -> dict[str, Any]:
    return _clean({
        "id": str(org.id), "name": org.name, "alternate_name": org.alternate_name,
        "description": org.description, "email": org.email, "website": org.website,
        "phones": [_clean({"id": str(p.id), "organization_id": str(org.id),
                           "number": p.number, "type": p.type,
                           "description": p.description})
                   for p in org.phones.all()],
        "locations": [location_record(loc) for loc in org.locations.all()],
        "services": [service_record(svc) for svc in org.services.all()],
    })


# -- import -------------------------------------------------------------------------------

WARNINGS: list[tuple[str, str]] = []  # filled by read(), for the one import running here


class ImportProblems(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _time(value: Any) -> Any:
    import datetime as dt

    if not value:
        return None
    text = str(value).strip()
    for fmt in ("%H:%M", "%H:%M:%S", "%H:%M:%S%z", "%H:%M%z"):
        try:
            return dt.datetime.strptime(text, fmt).time().replace(tzinfo=None)
        except ValueError:
            continue
    raise ValueError(f"{text[:20]!r} is not a time (HH:MM)")


def _codes(attributes: list[dict[str, Any]], taxonomy: str, codelist: str) -> list[str]:
    from tipnet.codelists import services as codelists

    known = codelists.get(codelist).labels
    out = []
    for attribute in attributes or []:
        term = attribute.get("taxonomy_term") or {}
        if (term.get("taxonomy") == taxonomy or attribute.get("link_type") == taxonomy) and \
                term.get("code") in known and term["code"] not in out:
            out.append(term["code"])
    return out


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip().strip('"')[:limit]


def _location(data: dict[str, Any], where: str, problems: list[tuple[str, str]]
              ) -> dict[str, Any]:
    from django_countries import countries

    address = (data.get("addresses") or [{}])[0]
    country = str(address.get("country") or "").upper()
    if country in ("-", ""):
        country = ""
    elif country not in dict(countries):
        problems.append((f"{where}.addresses.0.country", f"{country[:10]!r} is not an ISO "
                                                         "3166 country code"))
        country = ""
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        # Valid HSDS (the published examples have 100, 101), but not a place on Earth: the
        # location is kept without coordinates, and the import says so.
        WARNINGS.append((where, f"coordinates {lat}, {lon} are not on Earth: left out"))
        lat = lon = None
    blank = {"-"}
    return {"id": data["id"], "location_type": data.get("location_type", "physical"),
            "name": _text(data.get("name"), 300),
            "description": _text(data.get("description"), 5000),
            "address_1": "" if address.get("address_1") in blank
            else _text(address.get("address_1"), 300),
            "address_2": _text(address.get("address_2"), 300),
            "city": "" if address.get("city") in blank else _text(address.get("city"), 120),
            "region": _text(address.get("region"), 120),
            "state_province": "" if address.get("state_province") in blank
            else _text(address.get("state_province"), 120),
            "postal_code": "" if address.get("postal_code") in blank
            else _text(address.get("postal_code"), 40),
            "country": country, "latitude": lat, "longitude": lon}


def _service(data: dict[str, Any], where: str, problems: list[tuple[str, str]]
             ) -> dict[str, Any]:
    from tipnet.codelists import services as codelists

    languages = codelists.get("language").labels
    schedules = []
    for i, s in enumerate(data.get("schedules") or []):
        try:
            opens, closes = _time(s.get("opens_at")), _time(s.get("closes_at"))
        except ValueError as error:
            problems.append((f"{where}.schedules.{i}", str(error)))
            continue
        days = [d.strip().upper() for d in str(s.get("byday") or "").split(",") if d.strip()]
        if any(d not in ("MO", "TU", "WE", "TH", "FR", "SA", "SU") for d in days):
            problems.append((f"{where}.schedules.{i}.byday", "must list days as MO,TU,..."))
            continue
        offset = s.get("timezone") or 0
        if not -14 <= float(offset) <= 14:
            problems.append((f"{where}.schedules.{i}.timezone", "must be an offset from UTC "
                                                                "in hours"))
            continue
        schedules.append({"id": s["id"], "byday": ",".join(days), "opens_at": opens,
                          "closes_at": closes, "utc_offset": float(offset),
                          "description": _text(s.get("description"), 300)})
    return {
        "id": data["id"], "name": _text(data.get("name"), 300),
        "description": _text(data.get("description"), 5000),
        "status": data.get("status", "active"), "email": _text(data.get("email"), 254),
        "url": _text(data.get("url"), 500),
        "minimum_age": data.get("minimum_age"), "maximum_age": data.get("maximum_age"),
        "service_types": _codes(data.get("attributes"), TAXONOMIES["service_type"],
                                "service_type"),
        "populations": _codes(data.get("attributes"), TAXONOMIES["populations"],
                              "population_served"),
        "exploitation_types": _codes(data.get("attributes"), TAXONOMIES["exploitation_types"],
                                     "exploitation_type"),
        "languages": [lang["code"] for lang in data.get("languages") or []
                      if lang.get("code") in languages],
        "phones": [{"id": p["id"], "number": _text(p.get("number"), 60),
                    "type": _text(p.get("type"), 20),
                    "description": _text(p.get("description"), 300)}
                   for p in data.get("phones") or []],
        "schedules": schedules,
        "areas": [{"id": a["id"], "name": _text(a.get("name") or a.get("description"), 300)}
                  for a in data.get("service_areas") or []],
        "location_ids": [sal.get("location_id") for sal in data.get("service_at_locations") or []
                         if sal.get("location_id")],
        "locations": [_location(sal["location"], f"{where}.service_at_locations.{i}.location",
                                problems)
                      for i, sal in enumerate(data.get("service_at_locations") or [])
                      if isinstance(sal.get("location"), dict)],
    }


def read(document: Any) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The organizations (each with locations and services) of an HSDS document — one
    organization, one service, or a list of either — and warnings about what was left out.
    Raises ImportProblems listing every problem (schema first; then what tipnet cannot
    keep)."""
    WARNINGS.clear()
    items = document if isinstance(document, list) else [document]
    problems: list[tuple[str, str]] = []
    organizations: dict[str, dict[str, Any]] = {}
    for n, item in enumerate(items):
        where = str(n) if isinstance(document, list) else ""
        kind = kind_of(item)
        if kind is None:
            problems.append((where, "must be an HSDS organization or service (an object)"))
            continue
        found = errors(kind, item)
        problems += [(f"{where}.{p}".strip("."), m) for p, m in found]
        if found:
            continue
        if kind == "service":
            org_data = item.get("organization") or {}
            if not org_data.get("id"):
                problems.append((f"{where}.organization".strip("."),
                                 "a service needs its organization (id, name, description)"))
                continue
            found = errors("organization", org_data)
            problems += [(f"{where}.organization.{p}".strip("."), m) for p, m in found]
            if found:
                continue
            services = [item]
        else:
            org_data, services = item, item.get("services") or []
        org = organizations.setdefault(org_data["id"], {
            "id": org_data["id"], "name": _text(org_data.get("name"), 300),
            "alternate_name": _text(org_data.get("alternate_name"), 300),
            "description": _text(org_data.get("description"), 5000),
            "email": _text(org_data.get("email"), 254),
            "website": _text(org_data.get("website"), 500),
            "phones": [{"id": p["id"], "number": _text(p.get("number"), 60),
                        "type": _text(p.get("type"), 20),
                        "description": _text(p.get("description"), 300)}
                       for p in org_data.get("phones") or []],
            "locations": [], "services": []})
        for i, loc in enumerate(org_data.get("locations") or []):
            org["locations"].append(_location(loc, f"{where}.locations.{i}".strip("."),
                                              problems))
        for i, svc in enumerate(services):
            prefix = where if kind == "service" else f"{where}.services.{i}".strip(".")
            if kind == "organization":
                found = errors("service", svc)
                problems += [(f"{prefix}.{p}".strip("."), m) for p, m in found]
                if found:
                    continue
            org["services"].append(_service(svc, prefix, problems))
    if problems:
        raise ImportProblems(problems)
    for org in organizations.values():
        countries = [loc["country"] for loc in org["locations"] if loc["country"]]
        for svc in org["services"]:
            countries += [loc["country"] for loc in svc["locations"] if loc["country"]]
        org["country"] = countries[0] if countries else ""
    return list(organizations.values()), list(WARNINGS)
