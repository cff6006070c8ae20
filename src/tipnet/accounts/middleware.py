"""No page past login without a verified second factor."""

from django.shortcuts import redirect
from django.urls import reverse

OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/", "/healthz")


class RequireVerifiedLoginMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and not request.path.startswith(OPEN_PREFIXES)):
            return redirect(reverse("accounts:mfa_setup"))
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """The idle timeout counts real activity only: a page that refreshes itself (the hotline
    queue polls every ten seconds, marked with ``X-Tipnet-Poll``) does not keep an unattended
    screen signed in. Past TIPNET_IDLE_MINUTES without a real request the session ends."""

    KEY = "tipnet_last_active"

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        import time

        from django.conf import settings
        from django.contrib.auth import logout
        from django.http import HttpResponse

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_COOKIE_AGE:
                logout(request)
                login = reverse("accounts:login")
                if request.headers.get("HX-Request"):
                    return HttpResponse(status=200, headers={"HX-Redirect": login})
                return redirect(f"{login}?next={request.path}")
            if not request.headers.get("X-Tipnet-Poll"):
                request.session[self.KEY] = now
        return self.get_response(request)
