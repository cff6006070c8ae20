"""Small HTTP helpers. Leaf module: imports no tipnet app."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render

log = logging.getLogger("tipnet.security")
_warned = False


def client_address(request: HttpRequest) -> str:
    """The client's address: behind TIPNET_PROXY_COUNT proxies, the one the outermost trusted
    proxy saw (X-Forwarded-For, counted from the right); else the connection's."""
    count = getattr(settings, "TIPNET_PROXY_COUNT", 0)
    if count:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if p.strip()]
        if len(forwarded) >= count:
            return forwarded[-count][:64]
    elif "HTTP_X_FORWARDED_FOR" in request.META:
        _warn_proxy_unset()
    return request.META.get("REMOTE_ADDR", "")


def _warn_proxy_unset() -> None:
    """Once per process, and without any address: a proxy in front of tipnet that nobody told
    it about makes every client one (sign-in lockouts and public report limits then stop
    everyone at once); a client that sends the header itself must not be trusted either."""
    global _warned
    if _warned:
        return
    _warned = True
    log.warning("A request came with X-Forwarded-For while TIPNET_PROXY_COUNT is 0. If tipnet "
                "runs behind a reverse proxy, set TIPNET_PROXY_COUNT to the number of proxies "
                "(docs/configuration.md); until then every client has the proxy's address. "
                "(Logged once per process; the header's value is not logged.)")


def forbidden(request: HttpRequest) -> HttpResponse:
    """The 403 page: the user may see this, but their role may not do that."""
    return HttpResponseForbidden(render(request, "403.html").content)
