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
from tipnet.cases.access import PermissionDenied, deny

from . import hsds
from .models import Counterpart, Location, Phone, Schedule, Service, ServiceArea

MANAGE = "directory.manage"
__all__ = ["ImportReport", "PermissionDenied", "export_hsds", "import_hsds", "is_open",
           "search"]


def _require(user: Any, via: str, what: str) -> None:
    if not (user.is_active and user.can(MANAGE)):
        deny(user, MANAGE, via=via, object_type="directory.counterpart", action=what)


# -- search -------------------------------------------------------------------------------

FILTERS = ("q", "country", "area", "service_type", "population", "language",
           "exploitation_type", "open_now")


def search(params: dict[str, Any], *, now: dt.datetime | None = None,
           limit: int = 500) -> list[Service]:
    """Active services matching every filter given: ``country`` (where the organisation or a
    location is), ``area`` (a city, region or area name), ``service_type``, ``population``,
    ``language``, ``exploitation_type`` (codes), ``q`` (in names and descriptions),
    ``open_now`` (by each service's opening hours). At most ``limit`` results."""
    qs: QuerySet[Service] = Service.objects.filter(status="active").select_related(
        "counterpart").prefetch_related("locations", "schedules", "areas", "phones")
    if params.get("q"):
        q = str(params["q"])[:100]
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q)
                       | Q(counterpart__name__icontains=q))
    if params.get("country"):
        code = str(params["country"]).upper()[:2]
        qs = qs.filter(Q(counterpart__country=code) | Q(locations__country=code))
    if params.get("area"):
        area = str(params["area"])[:100]
        qs = qs.filter(Q(locations__city__icontains=area) | Q(locations__region__icontains=area)
                       | Q(locations__state_province__icontains=area)
                       | Q(areas__name__icontains=area))
    for param, field in (("service_type", "service_types"), ("population", "populations"),
                         ("language", "languages"), ("exploitation_type", "exploitation_types")):
        if params.get(param):
            qs = qs.filter(**{f"{field}__has": str(params[param])[:60]})
    qs = qs.distinct().order_by("counterpart__name", "name")
    if params.get("open_now") in (True, "1", "true", "on", "yes"):
        moment = now or timezone.now()
        return [s for s in qs.iterator(chunk_size=500) if is_open(s, moment)][:limit]
    return list(qs[:limit])


def is_open(service: Service, moment: dt.datetime) -> bool:
    """Whether the service is open at ``moment`` (aware), by its schedules; a service with no
    opening hours is not "open now" (we do not know). Hours that run past midnight belong to
    the day they start on: Friday 20:00-04:00 is open early on Saturday, not on Friday."""
    for schedule in service.schedules.all():
        if schedule.opens_at is None or schedule.closes_at is None:
            continue
        local = moment.astimezone(dt.UTC) + dt.timedelta(hours=schedule.utc_offset)
        days = [d for d in schedule.byday.split(",") if d]
        now = local.time().replace(tzinfo=None)
        opens, closes = schedule.opens_at, schedule.closes_at
        if opens == closes:  # the whole day
            started = local.date()
        elif opens < closes:
            if not opens <= now < closes:
                continue
            started = local.date()
        elif now >= opens:
            started = local.date()
        elif now < closes:
            started = local.date() - dt.timedelta(days=1)  # last night's opening
        else:
            continue
        if days and Schedule.DAYS[started.weekday()] not in days:
            continue
        if (schedule.valid_from and started < schedule.valid_from) or (
                schedule.valid_to and started > schedule.valid_to):
            continue
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
    directory (same HSDS id) are updated, and a verified entry that changes is marked out of
    date. Raises hsds.ImportProblems listing every problem."""
    _require(user, via, "import")
    organizations, warnings = hsds.read(document)
    _check_ownership(organizations)
    created = updated = services = 0
    with transaction.atomic():
        for data in organizations:
            exists = Counterpart.objects.filter(pk=data["id"]).exists()
            _save_organization(data, warnings)
            created += not exists
            updated += exists
            services += len(data["services"])
        audit.record("import", user=user, object_type="directory.counterpart", via=via,
                     detail={"format": "hsds", "created": created, "updated": updated,
                             "services": services})
        audit.record_many("update", user=user, object_type="directory.counterpart",
                          object_ids=[d["id"] for d in organizations], organisation_id=None,
                          via=via, detail={"import": "hsds"})
    return ImportReport(created, updated, services, warnings)


def _check_ownership(organizations: list[dict[str, Any]]) -> None:
    """A service or location id already in the directory under another organisation is a
    problem, not a move: one feed must not strip another organisation's entry."""
    problems = []
    for org in organizations:
        svc_ids = [s["id"] for s in org["services"]]
        loc_ids = [loc["id"] for loc in org["locations"]] + [
            loc["id"] for s in org["services"] for loc in s["locations"]]
        for model, ids, what in ((Service, svc_ids, "service"), (Location, loc_ids, "location")):
            for pk, owner in model.objects.filter(pk__in=ids).exclude(
                    counterpart_id=org["id"]).values_list("pk", "counterpart__name"):
                problems.append((f"{what} {pk}", f"belongs to another organisation ({owner})"))
    if problems:
        raise hsds.ImportProblems(problems)


def _save_organization(data: dict[str, Any], warnings: list[tuple[str, str]]) -> None:
    fields = {k: data[k] for k in ("name", "alternate_name", "description", "email",
                                   "website", "country") if k in data}
    org = Counterpart.objects.filter(pk=data["id"]).first()
    if org is None:
        org = Counterpart.objects.create(pk=data["id"], **fields)
    else:
        for key, value in fields.items():
            setattr(org, key, value)
        if org.verification == "Verified":
            org.verification = "Outdated"  # changed since it was checked
        org.save()
    if data["phones"] is not None:
        org.phones.filter(service=None).delete()
        Phone.objects.bulk_create([Phone(counterpart=org, **p) for p in data["phones"]])
    locations = {str(loc.pk): loc for loc in org.locations.all()}
    for loc in data["locations"] + [l_ for s in data["services"] for l_ in s["locations"]]:
        values = {k: v for k, v in loc.items() if k != "id"}
        locations[str(loc["id"])], _ = Location.objects.update_or_create(
            pk=loc["id"], defaults={**values, "counterpart": org})
    for svc in data["services"]:
        values = {k: svc[k] for k in ("name", "description", "status", "email", "url",
                                      "minimum_age", "maximum_age", "service_types",
                                      "populations", "exploitation_types", "languages")}
        service, _ = Service.objects.update_or_create(pk=svc["id"],
                                                      defaults={**values, "counterpart": org})
        service.phones.all().delete()
        Phone.objects.bulk_create([Phone(service=service, **p) for p in svc["phones"]])
        service.schedules.all().delete()
        Schedule.objects.bulk_create([Schedule(service=service, **s) for s in svc["schedules"]])
        service.areas.all().delete()
        ServiceArea.objects.bulk_create([ServiceArea(service=service, **a)
                                         for a in svc["areas"] if a["name"]])
        ids = [str(i) for i in svc["location_ids"]] + [str(loc["id"]) for loc in svc["locations"]]
        missing = [i for i in ids if i not in locations]
        if missing:
            warnings.append((f"service {svc['id']}", f"locations not found, not linked: "
                                                     f"{missing[:5]}"))
        service.locations.set([locations[i] for i in dict.fromkeys(ids) if i in locations])


def export_hsds(user: Any, *, via: str = "web") -> list[dict[str, Any]]:
    """Every organization of the directory as HSDS 3, each checked against the schema."""
    _require(user, via, "export")
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
    audit.record("export", user=user, object_type="directory.counterpart", via=via,
                 detail={"format": "hsds", "organisations": len(out)})
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
