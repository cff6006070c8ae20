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

def attribute(link_id: str, taxonomy: str, code: str, label: str = "") -> dict[str, Any]:
    """An HSDS attribute of a service carrying one of tipnet's codes (see TAXONOMIES)."""
    label = label or code
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
    attributes = [attribute(sid, TAXONOMIES[field], code,
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
                              "valid_from": s.valid_from.isoformat() if s.valid_from else None,
                              "valid_to": s.valid_to.isoformat() if s.valid_to else None,
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

MAX_PROBLEMS = 1000  # listed in one report; the rest are counted
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ImportProblems(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _join(*parts: Any) -> str:
    return ".".join(str(p) for p in parts if p != "")


class _Reader:
    """Reads one document: every problem (refused) and warning (left out, said) on the way."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.unlisted = 0

    def problem(self, where: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((where, message))
        else:
            self.unlisted += 1

    def text(self, data: dict[str, Any], key: str, where: str, limit: int,
             required: bool = False) -> str:
        value = data.get(key)
        text = "" if value is None else str(value).strip()
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1].strip()  # '"+44 1234 234567"' in the HSDS examples
        if required and not text:
            self.problem(_join(where, key), "must not be empty")
        elif len(text) > limit:
            self.problem(_join(where, key), f"is longer than {limit} characters")
        return text[:limit]

    def email(self, data: dict[str, Any], where: str) -> str:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        text = self.text(data, "email", where, 254)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.problem(_join(where, "email"), "is not an e-mail address")
                return ""
        return text

    def url(self, data: dict[str, Any], key: str, where: str) -> str:
        text = self.text(data, key, where, 500)
        if text and not text.lower().startswith(("http://", "https://")):
            self.problem(_join(where, key), "must be an http:// or https:// address")
            return ""
        return text

    def age(self, data: dict[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or \
                value != value or not 0 <= value <= 150 or int(value) != value:
            self.problem(_join(where, key), "must be a whole number of years from 0 to 150")
            return None
        return int(value)

    def items(self, data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(_join(where, key), "must be a list of objects")
            return []
        return value

    def phones(self, data: dict[str, Any], where: str) -> list[dict[str, Any]]:
        return [{"number": self.text(p, "number", _join(where, "phones", i), 60, True),
                 "type": self.text(p, "type", _join(where, "phones", i), 20),
                 "description": self.text(p, "description", _join(where, "phones", i), 300)}
                for i, p in enumerate(self.items(data, "phones", where))]

    def location(self, data: dict[str, Any], where: str) -> dict[str, Any]:
        from django_countries import countries

        addresses = self.items(data, "addresses", where)
        address = addresses[0] if addresses else {}
        awhere = _join(where, "addresses", 0)
        country = str(address.get("country") or "").strip().upper()
        if country in ("-", ""):
            country = ""
        elif country not in dict(countries):
            self.problem(_join(awhere, "country"), f"{country[:10]!r} is not an ISO 3166 "
                                                   "country code")
            country = ""
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is not None and not -90 <= lat <= 90) or (lon is not None and
                                                          not -180 <= lon <= 180):
            # Valid HSDS (the published examples have 100, 101), but not a place on Earth.
            self.warnings.append((where, f"coordinates {lat}, {lon} are not on Earth: "
                                         "left out"))
            lat = lon = None

        def part(key: str, limit: int) -> str:
            text = self.text(address, key, awhere, limit)
            return "" if text == "-" else text
        return {"id": data["id"], "location_type": data.get("location_type", "physical"),
                "name": self.text(data, "name", where, 300),
                "description": self.text(data, "description", where, 5000),
                "address_1": part("address_1", 300), "address_2": part("address_2", 300),
                "city": part("city", 120), "region": part("region", 120),
                "state_province": part("state_province", 120),
                "postal_code": part("postal_code", 40), "country": country,
                "latitude": lat, "longitude": lon}

    def schedule(self, data: dict[str, Any], where: str) -> dict[str, Any] | None:
        """One weekly schedule, or None (with a warning) for what "open now" cannot use."""
        import datetime as dt

        if data.get("freq") not in (None, "WEEKLY"):
            self.warnings.append((where, f"{data['freq']} schedules are not used for "
                                         "\"open now\": left out"))
            return None
        days = [d.strip().upper() for d in str(data.get("byday") or "").split(",")
                if d.strip()]
        if any(d not in DAYS for d in days):
            self.warnings.append((where, f"days {data.get('byday')!r} are not MO..SU: left "
                                         "out"))
            return None
        offset = data.get("timezone")
        try:
            opens, opens_offset = _time(data.get("opens_at"))
            closes, closes_offset = _time(data.get("closes_at"))
        except ValueError as error:
            self.problem(where, str(error))
            return None
        offset = offset if offset is not None else opens_offset or closes_offset or 0
        if not -14 <= float(offset) <= 14:
            self.problem(_join(where, "timezone"), "must be an offset from UTC in hours")
            return None
        valid = {}
        for key in ("valid_from", "valid_to"):
            if data.get(key):
                try:
                    valid[key] = dt.date.fromisoformat(str(data[key])[:10])
                except ValueError:
                    self.problem(_join(where, key), "is not a date (YYYY-MM-DD)")
                    return None
        return {"byday": ",".join(days), "opens_at": opens, "closes_at": closes,
                "utc_offset": float(offset), "valid_from": valid.get("valid_from"),
                "valid_to": valid.get("valid_to"),
                "description": self.text(data, "description", where, 300)}

    def service(self, data: dict[str, Any], where: str) -> dict[str, Any]:
        from tipnet.codelists import services as codelists

        languages = codelists.get("language").labels
        given = [lang.get("code") for lang in self.items(data, "languages", where)]
        unknown = [c for c in given if c not in languages]
        if unknown:
            self.warnings.append((_join(where, "languages"), "languages not in tipnet's list "
                                                             f"left out: {unknown[:5]}"))
        schedules = [self.schedule(s, _join(where, "schedules", i))
                     for i, s in enumerate(self.items(data, "schedules", where))]
        attributes = self.items(data, "attributes", where)
        sals = self.items(data, "service_at_locations", where)
        return {
            "id": data["id"], "name": self.text(data, "name", where, 300, True),
            "description": self.text(data, "description", where, 5000),
            "status": data.get("status", "active"), "email": self.email(data, where),
            "url": self.url(data, "url", where),
            "minimum_age": self.age(data, "minimum_age", where),
            "maximum_age": self.age(data, "maximum_age", where),
            "service_types": _codes(attributes, TAXONOMIES["service_type"], "service_type"),
            "populations": _codes(attributes, TAXONOMIES["populations"], "population_served"),
            "exploitation_types": _codes(attributes, TAXONOMIES["exploitation_types"],
                                         "exploitation_type"),
            "languages": [c for c in dict.fromkeys(given) if c in languages],
            "phones": self.phones(data, where),
            "schedules": [s for s in schedules if s is not None],
            "areas": [{"name": self.text(a, "name", _join(where, "service_areas", i), 300)
                       or self.text(a, "description", _join(where, "service_areas", i), 300)}
                      for i, a in enumerate(self.items(data, "service_areas", where))],
            "location_ids": [sal["location_id"] for sal in sals if sal.get("location_id")],
            "locations": [self.location(sal["location"],
                                        _join(where, "service_at_locations", i, "location"))
                          for i, sal in enumerate(sals) if isinstance(sal.get("location"), dict)],
        }

    def organization(self, data: dict[str, Any], where: str, partial: bool
                     ) -> dict[str, Any]:
        """An organization's own fields. ``partial``: it came with a service document, so
        only the fields it carries are updated (its phones and locations are left alone)."""
        org = {"id": data["id"], "partial": partial,
               "name": self.text(data, "name", where, 300, True),
               "description": self.text(data, "description", where, 5000, True)}
        for key, reader in (("alternate_name", lambda: self.text(data, "alternate_name",
                                                                 where, 300)),
                            ("email", lambda: self.email(data, where)),
                            ("website", lambda: self.url(data, "website", where))):
            if not partial or key in data:
                org[key] = reader()
        org["phones"] = None if partial and "phones" not in data else self.phones(data, where)
        org["locations"] = [self.location(loc, _join(where, "locations", i))
                            for i, loc in enumerate(self.items(data, "locations", where))]
        org["services"] = []
        return org


def _time(value: Any) -> tuple[Any, float | None]:
    """A time of day and the UTC offset written with it, if any: "09:00", "09:00:00",
    "09:00+05:45". "24:00" is the end of the day."""
    import datetime as dt

    if not value:
        return None, None
    text = str(value).strip()
    if text.startswith("24:00"):
        return dt.time(23, 59, 59), None
    for fmt in ("%H:%M", "%H:%M:%S", "%H:%M%z", "%H:%M:%S%z"):
        try:
            parsed = dt.datetime.strptime(text.replace("Z", "+00:00"), fmt)
        except ValueError:
            continue
        offset = parsed.utcoffset()
        return parsed.time().replace(tzinfo=None), (
            offset.total_seconds() / 3600 if offset is not None else None)
    raise ValueError(f"{text[:20]!r} is not a time (HH:MM)")


def _codes(attributes: list[dict[str, Any]], taxonomy: str, codelist: str) -> list[str]:
    from tipnet.codelists import services as codelists

    known = codelists.get(codelist).labels
    out = []
    for attribute in attributes:
        term = attribute.get("taxonomy_term") or {}
        if (term.get("taxonomy") == taxonomy or attribute.get("link_type") == taxonomy) and \
                term.get("code") in known and term["code"] not in out:
            out.append(term["code"])
    return out


def read(document: Any) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The organizations (each with locations and services) of an HSDS document — one
    organization, one service, or a list of either — and warnings about what was left out.
    Raises ImportProblems listing every problem (schema first; then what tipnet cannot
    keep); nothing of the document may be written then."""
    reader = _Reader()
    items = document if isinstance(document, list) else [document]
    organizations: dict[str, dict[str, Any]] = {}
    seen_services: set[str] = set()
    for n, item in enumerate(items):
        where = str(n) if isinstance(document, list) else ""
        kind = kind_of(item)
        if kind is None:
            reader.problem(where, "must be an HSDS organization or service (an object)")
            continue
        found = errors(kind, item)
        for p, m in found:
            reader.problem(_join(where, p), m)
        if found:
            continue
        if kind == "service":
            org_data = item.get("organization")
            if not isinstance(org_data, dict) or not org_data.get("id"):
                reader.problem(_join(where, "organization"),
                               "a service needs its organization (id, name, description)")
                continue
            found = errors("organization", org_data)
            for p, m in found:
                reader.problem(_join(where, "organization", p), m)
            if found:
                continue
            services, partial = [(where, item)], True
        else:
            org_data, partial = item, False
            listed = item.get("services")
            if listed is not None and not isinstance(listed, list):
                reader.problem(_join(where, "services"), "must be a list of services")
                continue
            services = [(_join(where, "services", i), svc) for i, svc in enumerate(listed or [])]
        if org_data["id"] in organizations and not partial:
            reader.problem(where, f"organization {org_data['id']} appears twice")
            continue
        org = organizations.get(org_data["id"]) or reader.organization(
            org_data, _join(where, "organization") if partial else where, partial)
        organizations[org["id"]] = org
        for prefix, svc in services:
            if kind == "organization":
                if not isinstance(svc, dict):
                    reader.problem(prefix, "must be an HSDS service (an object)")
                    continue
                found = errors("service", svc)
                for p, m in found:
                    reader.problem(_join(prefix, p), m)
                if found:
                    continue
            if svc["id"] in seen_services:
                reader.problem(prefix, f"service {svc['id']} appears twice")
                continue
            seen_services.add(svc["id"])
            org["services"].append(reader.service(svc, prefix))
    if reader.problems:
        problems = reader.problems + ([("", f"... and {reader.unlisted} more")]
                                      if reader.unlisted else [])
        raise ImportProblems(problems)
    for org in organizations.values():
        countries = [loc["country"] for loc in org["locations"] if loc["country"]]
        for svc in org["services"]:
            countries += [loc["country"] for loc in svc["locations"] if loc["country"]]
        if countries or not org["partial"]:
            org["country"] = countries[0] if countries else ""
    return list(organizations.values()), reader.warnings
