"""Project-wide middleware."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse


class ApiBodyLimitMiddleware:
    """Refuse oversized API bodies up front with 413 and a JSON message (uploads excepted:
    they have their own limit, TIPNET_MAX_ATTACHMENT_MB / the import limit)."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/") and not request.content_type.startswith(
                "multipart/form-data"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.TIPNET_API_MAX_BODY_BYTES
            if length > limit:
                return JsonResponse(
                    {"detail": f"The request body is larger than {limit // 1024} KB."},
                    status=413)
        return self.get_response(request)
