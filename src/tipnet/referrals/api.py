"""The referrals API: send, list, answer and revoke referrals and transfers; recommendations."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Query, Router, Schema, Status

from tipnet.cases.schemas import ErrorOut

from . import services
from .serialise import recommendation_dict, referral_dict

router = Router(tags=["referrals"])


class ReferralIn(Schema):
    case_id: str
    to_organisation: str
    peer: str | None = None  # an organisation on another deployment: the peer's id
    to_organisation_name: str = ""
    kind: Literal["referral", "transfer"] = "referral"
    service_type: str = ""
    service: str | None = None
    groups: list[str] = []
    message: str = ""
    urgent: bool = False
    override_reason: str = ""


class AnswerIn(Schema):
    reason: str = ""


class ListQuery(Schema):
    box: Literal["incoming", "outgoing"] = "incoming"
    status: str | None = None
    overdue: bool = False


@router.get("", response={200: list[dict[str, Any]]}, summary="Referrals received or sent")
def list_referrals(request, query: Query[ListQuery]):  # type: ignore[no-untyped-def]
    """``box=incoming``: sent to the caller's organisation (roles that receive referrals);
    ``box=outgoing``: sent by it. ``overdue=true``: still unanswered after their deadline."""
    qs = (services.incoming if query.box == "incoming" else services.outgoing)(request.user)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.overdue:
        qs = services.overdue(qs)
    return [referral_dict(r, request.user) for r in qs[:500]]


@router.post("", response={201: dict[str, Any], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Refer or transfer a case to another organisation")
def send_referral(request, payload: ReferralIn):  # type: ignore[no-untyped-def]
    """The person's consent must cover the sharing (consent to share with other
    organisations, and to receive services for a referral); otherwise a role with
    ``referral.override`` may send it with ``override_reason``, which is audited."""
    data = payload.dict()
    referral = services.send(request.user, data.pop("case_id"), data, via="api")
    return Status(201, referral_dict(referral, request.user))


@router.get("/{referral_id}", response={200: dict[str, Any], 404: ErrorOut},
            summary="Read a referral")
def get_referral(request, referral_id: str):  # type: ignore[no-untyped-def]
    return referral_dict(services.get(request.user, referral_id, via="api"), request.user)


def _answer(action: str, summary: str):  # type: ignore[no-untyped-def]
    @router.post(f"/{{referral_id}}/{action}",
                 response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
                 summary=summary, operation_id=f"referral_{action}")
    def answer(request, referral_id: str, payload: AnswerIn):  # type: ignore[no-untyped-def]
        referral = services.change(request.user, referral_id, action, payload.reason, via="api")
        return referral_dict(referral, request.user)
    return answer


_answer("accept", "Accept a referral (the receiving organisation)")
_answer("decline", "Decline a referral, with a reason (the receiving organisation)")
_answer("complete", "Mark a referral completed, with its outcome (the receiving organisation)")
_answer("revoke", "Revoke a referral, with a reason (the sending organisation)")


class RecommendQuery(Schema):
    case_id: str
    service_type: str


@router.get("/recommendations/", response={200: list[dict[str, Any]], 400: ErrorOut,
                                           403: ErrorOut, 404: ErrorOut},
            summary="Counterparts recommended for a case, each score explained")
def recommendations(request, query: Query[RecommendQuery]):  # type: ignore[no-untyped-def]
    recs = services.recommendations(request.user, query.case_id, query.service_type, via="api")
    return [recommendation_dict(r) for r in recs]
