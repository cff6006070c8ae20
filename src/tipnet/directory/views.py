"""Directory pages: search with filters, a map of the services found, a counterpart's page.

The list is the page; the map (Leaflet, tiles from TIPNET_MAP_TILES) is added on top by
script. Without tiles the markers still show on a blank map, and without script the list
still works.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tipnet.codelists import services as codelists
from tipnet.lib.http import forbidden

from . import services
from .models import Counterpart
from .serialise import service_dict


@login_required
def search(request: HttpRequest) -> HttpResponse:
    params = {k: request.GET.get(k, "").strip() for k in services.FILTERS}
    searched = any(params.values())
    found = services.search(params) if searched else []
    markers = [{"name": s.name, "org": s.counterpart.name,
                "url": f"/directory/{s.counterpart_id}/",
                "lat": loc.latitude, "lon": loc.longitude}
               for s in found for loc in s.locations.all()
               if loc.latitude is not None and loc.longitude is not None]
    return render(request, "directory/search.html", {
        "params": params, "searched": searched, "found": found,
        "countries": codelists.choices("country", blank=True),
        "service_types": codelists.choices("service_type", blank=True),
        "populations": codelists.choices("population_served", blank=True),
        "language_choices": codelists.choices("language", blank=True),
        "exploitation_types": codelists.choices("exploitation_type", blank=True),
        "markers": markers, "tiles": settings.TIPNET_MAP_TILES,
    })


@login_required
def counterpart(request: HttpRequest, counterpart_id: Any) -> HttpResponse:
    org = Counterpart.objects.filter(pk=counterpart_id).prefetch_related(
        "phones", "locations", "services__schedules", "services__areas", "services__phones",
        "services__locations").first()
    if org is None:
        raise Http404("No such counterpart.")
    return render(request, "directory/counterpart.html", {
        "org": org, "services": [service_dict(s) for s in org.services.all()],
        "may_manage": request.user.can(services.MANAGE)})


@login_required
@require_POST
def verify(request: HttpRequest, counterpart_id: Any) -> HttpResponse:
    """Mark an entry verified today (or out of date): directory managers only."""
    status = request.POST.get("status", "")
    try:
        services.verify(request.user, counterpart_id, status)
    except services.PermissionDenied:
        return forbidden(request)
    except (ValueError, Counterpart.DoesNotExist):
        raise Http404("No such counterpart.") from None
    return redirect("directory:counterpart", counterpart_id=counterpart_id)
