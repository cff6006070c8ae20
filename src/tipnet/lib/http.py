"""Small HTTP helpers. Leaf module: imports no tipnet app."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The client's address: behind TIPNET_PROXY_COUNT proxies, the one the outermost trusted
    proxy saw (X-Forwarded-For, counted from the right); else the connection's."""
    count = getattr(settings, "TIPNET_PROXY_COUNT", 0)
    if count:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if p.strip()]
        if len(forwarded) >= count:
            return forwarded[-count][:64]
    return request.META.get("REMOTE_ADDR", "")


def forbidden(request: HttpRequest) -> HttpResponse:
    """The 403 page: the user may see this, but their role may not do that."""
    return HttpResponseForbidden(render(request, "403.html").content)
