"""What the rest of tipnet may do with the directory of counterparts.

The directory is reference data about organisations, shared by the deployment: every signed-in
user may search it; importing, exporting in bulk and marking entries verified need
``directory.manage`` (system administrators). Changes are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.cases.access import PermissionDenied

from . import hsds
from .models import Counterpart, Location, Phone, Schedule, Service, ServiceArea

MANAGE = "directory.manage"
__all__ = ["ImportReport", "PermissionDenied", "export_hsds", "import_hsds", "is_open",
           "search"]


def _require(user: Any, via: str, what: str) -> None:
    if not (user.is_active and user.can(MANAGE)):
        audit.record("denied", user=user, object_type="directory.counterpart", via=via,
                     detail={"wanted": MANAGE, "reason": "role", "action": what})
        raise PermissionDenied(MANAGE)


# -- search -------------------------------------------------------------------------------

FILTERS = ("q", "country", "area", "service_type", "population", "language",
           "exploitation_type", "open_now")


def search(params: dict[str, Any], *, now: dt.datetime | None = None) -> list[Service]:
    """Active services matching every filter given: ``country`` (where the organisation is,
    where a location is, or an area served), ``area`` (a city, region or area name),
    ``service_type``, ``population``, ``language``, ``exploitation_type`` (codes), ``q``
    (in names and descriptions), ``open_now`` (by each service's opening hours)."""
    qs: QuerySet[Service] = Service.objects.filter(status="active").select_related(
        "counterpart").prefetch_related("locations", "schedules", "areas", "phones")
    if params.get("q"):
        q = str(params["q"])[:100]
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q)
                       | Q(counterpart__name__icontains=q))
    if params.get("country"):
        code = str(params["country"]).upper()[:2]
        qs = qs.filter(Q(counterpart__country=code) | Q(locations__country=code)
                       | Q(areas__countries__has=code))
    if params.get("area"):
        area = str(params["area"])[:100]
        qs = qs.filter(Q(locations__city__icontains=area) | Q(locations__region__icontains=area)
                       | Q(locations__state_province__icontains=area)
                       | Q(areas__name__icontains=area))
    for param, field in (("service_type", "service_types"), ("population", "populations"),
                         ("language", "languages"), ("exploitation_type", "exploitation_types")):
        if params.get(param):
            qs = qs.filter(**{f"{field}__has": str(params[param])[:60]})
    services = list(qs.distinct().order_by("counterpart__name", "name")[:500])
    if params.get("open_now") in (True, "1", "true", "on", "yes"):
        moment = now or timezone.now()
        services = [s for s in services if is_open(s, moment)]
    return services


def is_open(service: Service, moment: dt.datetime) -> bool:
    """Whether the service is open at ``moment`` (aware), by its schedules; a service with no
    opening hours is not "open now" (we do not know)."""
    for schedule in service.schedules.all():
        if schedule.opens_at is None or schedule.closes_at is None:
            continue
        local = moment.astimezone(dt.UTC) + dt.timedelta(hours=schedule.utc_offset)
        days = [d for d in schedule.byday.split(",") if d]
        if days and Schedule.DAYS[local.weekday()] not in days:
            continue
        now = local.time().replace(tzinfo=None)
        if schedule.opens_at <= schedule.closes_at:
            if schedule.opens_at <= now < schedule.closes_at:
                return True
        elif now >= schedule.opens_at or now < schedule.closes_at:  # open past midnight
            return True
    return False


# -- HSDS ---------------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int
    updated: int
    services: int
    warnings: list[tuple[str, str]]


def import_hsds(user: Any, document: Any, *, via: str = "web") -> ImportReport:
    """Import HSDS organizations and services: all or nothing. Entries already in the
    directory (same HSDS id) are updated. Raises hsds.ImportProblems listing every problem."""
    _require(user, via, "import")
    organizations, warnings = hsds.read(document)
    created = updated = services = 0
    with transaction.atomic():
        for data in organizations:
            exists = Counterpart.objects.filter(pk=data["id"]).exists()
            _save_organization(data)
            created += not exists
            updated += exists
            services += len(data["services"])
        audit.record("import", user=user, object_type="directory.counterpart", via=via,
                     detail={"format": "hsds", "created": created, "updated": updated,
                             "services": services})
    return ImportReport(created, updated, services, warnings)


def _save_organization(data: dict[str, Any]) -> None:
    org, _ = Counterpart.objects.update_or_create(pk=data["id"], defaults={
        k: data[k] for k in ("name", "alternate_name", "description", "email", "website",
                             "country")})
    org.phones.filter(service=None).delete()
    Phone.objects.bulk_create([Phone(counterpart=org, **_part(p)) for p in data["phones"]])
    locations = {}
    for loc in data["locations"] + [l_ for s in data["services"] for l_ in s["locations"]]:
        fields = {k: v for k, v in loc.items() if k != "id"}
        locations[loc["id"]], _ = Location.objects.update_or_create(
            pk=loc["id"], defaults={**fields, "counterpart": org})
    for svc in data["services"]:
        fields = {k: svc[k] for k in ("name", "description", "status", "email", "url",
                                      "minimum_age", "maximum_age", "service_types",
                                      "populations", "exploitation_types", "languages")}
        service, _ = Service.objects.update_or_create(pk=svc["id"],
                                                      defaults={**fields, "counterpart": org})
        service.phones.all().delete()
        Phone.objects.bulk_create([Phone(service=service, **_part(p)) for p in svc["phones"]])
        service.schedules.all().delete()
        Schedule.objects.bulk_create([Schedule(service=service, **_part(s))
                                      for s in svc["schedules"]])
        service.areas.all().delete()
        ServiceArea.objects.bulk_create([ServiceArea(service=service, **_part(a))
                                         for a in svc["areas"]])
        ids = [i for i in svc["location_ids"] if i in locations] + [
            loc["id"] for loc in svc["locations"]]
        service.locations.set([locations[i] for i in dict.fromkeys(ids)])


def _part(data: dict[str, Any]) -> dict[str, Any]:
    """A phone, schedule or area: replaced whole on each import, so with ids of its own (HSDS
    files reuse one phone id under an organization and its service)."""
    return {k: v for k, v in data.items() if k != "id"}


def export_hsds(user: Any, *, via: str = "web") -> list[dict[str, Any]]:
    """Every organization of the directory as HSDS 3, each checked against the schema."""
    audit.record("export", user=user, object_type="directory.counterpart", via=via,
                 detail={"format": "hsds"})
    out = []
    for org in Counterpart.objects.prefetch_related(
            "phones", "locations", "services__phones", "services__schedules",
            "services__areas", "services__locations"):
        record = hsds.organization_record(org)
        problems = hsds.errors("organization", record)
        for i, svc in enumerate(record.get("services", [])):
            problems += [(f"services.{i}.{p}", m) for p, m in hsds.errors("service", svc)]
        if problems:  # a bug in the mapping, never the user's input
            raise ValueError(f"export of {org.pk} does not fit HSDS: {problems[:3]}")
        out.append(record)
    return out


def verify(user: Any, counterpart_id: Any, status: str, *, via: str = "web") -> Counterpart:
    _require(user, via, "verify")
    if status not in ("Verified", "Unverified", "Outdated"):
        raise ValueError("unknown verification status")
    with transaction.atomic():
        org = Counterpart.objects.select_for_update().get(pk=counterpart_id)
        org.verification = status
        org.verified_on = timezone.localdate() if status == "Verified" else org.verified_on
        org.verified_by = user if status == "Verified" else org.verified_by
        org.save()
        audit.record("update", user=user, obj=org, via=via, detail={"verification": status})
    return org
