"""The inbox other deployments post to, and the status page for system administrators.

The inbox is not a page: no session, no CSRF token (a peer is not a browser), authenticated
by the package's signature; it answers JSON, also when it refuses.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from tipnet.lib.http import client_address

from . import inbox as inbox_service
from . import services
from .models import OutboxMessage


@csrf_exempt
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = JsonResponse({"ok": False, "error": "method",
                                 "detail": "Packages are sent with POST."}, status=405)
        response["Allow"] = "POST"
        return response
    remote = client_address(request)
    limit = settings.TIPNET_FEDERATION_MAX_BODY_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    # Read at most one byte past the limit: a larger body is refused without being stored.
    body = b"x" * (limit + 1) if length > limit else request.read(limit + 1)
    status, answer = inbox_service.receive(body, remote=remote)
    response = JsonResponse(answer, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


@login_required
def status(request: HttpRequest) -> HttpResponse:
    try:
        services.require_manage(request.user, "web", "status")
    except services.PermissionDenied:
        raise PermissionDenied(services.MANAGE) from None
    counts = services.status_counts()
    recent = (OutboxMessage.objects.select_related("peer")
              .exclude(status=OutboxMessage.DELIVERED).order_by("next_attempt_at")[:50])
    return render(request, "federation/status.html", {**counts, "waiting": recent})
