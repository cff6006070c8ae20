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
