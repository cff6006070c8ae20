"""The directory API: search counterparts' services; HSDS 3 import and export."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Body, Query, Router, Schema, Status

from tipnet.cases.access import as_uuid
from tipnet.cases.schemas import ErrorOut

from . import hsds, services
from .models import Counterpart
from .serialise import counterpart_dict, service_dict

router = Router(tags=["directory"])


class SearchQuery(Schema):
    q: str | None = None
    country: str | None = None
    area: str | None = None
    service_type: str | None = None
    population: str | None = None
    language: str | None = None
    exploitation_type: str | None = None
    open_now: bool = False


@router.get("/services", summary="Search services of counterparts")
def search(request, query: Query[SearchQuery]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Active services matching every filter: country (of the organisation, a location or an
    area served), area (city, region or area name), codes of service type, population,
    language and exploitation type, text, and open now (by opening hours)."""
    return [service_dict(s) for s in services.search(query.dict())]


@router.get("/counterparts/{counterpart_id}", response={200: dict, 404: ErrorOut})
def counterpart(request, counterpart_id: str):  # type: ignore[no-untyped-def]
    pk = as_uuid(counterpart_id)
    org = Counterpart.objects.filter(pk=pk).first() if pk else None
    if org is None:
        raise Http404("Not found.")
    return counterpart_dict(org)


@router.get("/hsds", response={200: list, 403: ErrorOut},
            summary="The whole directory as HSDS 3 organizations")
def export(request):  # type: ignore[no-untyped-def]
    return services.export_hsds(request.user, via="api")


@router.post("/hsds", response={200: dict, 400: dict, 403: ErrorOut},
             summary="Import HSDS 3 organizations or services (all or nothing)")
def import_(request, payload: Any = Body(...)):  # type: ignore[no-untyped-def]  # noqa: B008
    """An HSDS organization (with services and locations), a service (with its
    organization), or a list of either. Every problem is listed; nothing is imported unless
    there is none. Entries with an id already in the directory are updated."""
    try:
        report = services.import_hsds(request.user, payload, via="api")
    except hsds.ImportProblems as error:
        return Status(400, {"detail": f"{len(error.problems)} problem(s); nothing was imported.",
                     "problems": [{"path": p, "message": m} for p, m in error.problems]})
    return Status(200, {"created": report.created, "updated": report.updated,
                        "services": report.services,
                        "warnings": [{"path": p, "message": m} for p, m in report.warnings]})
