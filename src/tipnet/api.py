"""The JSON API under /api/: routers from each app, one error format, bearer tokens.

Errors always come back as ``{"detail": "...", "errors": {"path": "message"}}``.
"""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from tipnet.accounts.api_auth import BearerToken
from tipnet.cases.access import PermissionDenied
from tipnet.cases.validation import CaseDataError
from tipnet.identification.catalogue import CatalogueProblem
from tipnet.identification.interview_flow import FlowError
from tipnet.identification.profile import ProfileError
from tipnet.identification.services import IdentificationError
from tipnet.intake.services import IntakeError
from tipnet.referrals.services import ReferralError

api = NinjaAPI(
    title="tipnet API",
    version="1",
    description="Cases, people, HTCDS exchange and identification (indicator catalogue, "
    "screenings, interviews, legal-element assessment), the directory of counterparts and "
    "referrals between organisations. Authenticate with "
    "`Authorization: Bearer <token>` (tokens come from `tipnet issue_token USERNAME`).",
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/cases", "tipnet.cases.api.router")
api.add_router("/htcds", "tipnet.htcds.api.router")
api.add_router("/identification", "tipnet.identification.api.router")
api.add_router("/directory", "tipnet.directory.api.router")
api.add_router("/referrals", "tipnet.referrals.api.router")
api.add_router("/intake", "tipnet.intake.api.router")


def _loc(loc: list) -> str:  # type: ignore[type-arg]
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "filters", "form")]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _validation(request, exc):  # type: ignore[no-untyped-def]
    errors = {_loc(e.get("loc", [])): e.get("msg", "is not valid") for e in exc.errors}
    return api.create_response(request, {"detail": "The request is not valid.",
                                         "errors": errors}, status=400)


@api.exception_handler(CaseDataError)
def _case_data(request, exc):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": "The data is not valid.",
                                         "errors": exc.errors}, status=400)


@api.exception_handler(IntakeError)
@api.exception_handler(ReferralError)
@api.exception_handler(IdentificationError)
@api.exception_handler(FlowError)
@api.exception_handler(ProfileError)
def _identification(request, exc):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": "The data is not valid.",
                                         "errors": exc.errors}, status=400)


@api.exception_handler(CatalogueProblem)
def _catalogue(request, exc):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": "The catalogue cannot be published.",
                                         "errors": {"": "; ".join(exc.problems[:20])},
                                         "problems": exc.problems}, status=400)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": "Your role does not allow this."},
                               status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):  # type: ignore[no-untyped-def]
    response = api.create_response(request, {"detail": "A valid bearer token is required."},
                                   status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response
