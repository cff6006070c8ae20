"""The cases API: the same services, the same access check, the same audit as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tipnet.audit import services as audit

from . import attachments, notes, services
from .access_log import access_log
from .paging import CappedPaginator
from .schemas import (
    AccessLogEntryOut,
    CaseIn,
    CasePage,
    CaseSummaryOut,
    CommentIn,
    ConsentIn,
    EraseIn,
    ErrorOut,
)
from .serialise import case_dict, case_summary

router = Router(tags=["cases"])
MAX_PAGE_SIZE = 100


class CaseFilters(Schema):
    q: str | None = None
    name: str | None = None
    alias: str | None = None
    phone: str | None = None
    email: str | None = None
    document: str | None = None
    status: str | None = None
    trafficking_status: str | None = None
    exploitation_type: str | None = None
    country: str | None = None
    citizenship: str | None = None
    identified_from: str | None = None
    identified_to: str | None = None
    created_from: str | None = None
    created_to: str | None = None
    page: int = 1
    page_size: int = 25


@router.get("", response={200: CasePage, 400: ErrorOut}, summary="List and search cases")
def list_cases(request, filters: Query[CaseFilters]):  # type: ignore[no-untyped-def]
    """Cases visible to the caller. Name, alias, phone, e-mail and document filters are exact
    matches (through blind indexes); ``q`` tries all of them and the case reference.
    ``count`` stops at 1,000 (``count_capped`` is then true)."""
    params = filters.dict()
    qs = services.find_cases(request.user, params, via="api")
    size = max(1, min(MAX_PAGE_SIZE, params["page_size"]))
    paginator = CappedPaginator(qs, size)
    page = paginator.get_page(params["page"])
    return {"count": min(paginator.count, paginator.cap), "count_capped": paginator.capped,
            "page": page.number, "page_size": size,
            "results": [case_summary(c) for c in page.object_list]}


@router.post("", response={201: dict[str, Any], 400: ErrorOut, 403: ErrorOut},
             summary="Create a case")
def create_case(request, payload: CaseIn):  # type: ignore[no-untyped-def]
    case = services.create_case(request.user, payload.dict(exclude_unset=True), via="api")
    return Status(201, case_dict(services.case_detail_queryset().get(pk=case.pk)))


@router.get("/deleted", response={200: list[CaseSummaryOut], 403: ErrorOut},
            summary="Deleted cases (organisation administrators)")
def list_deleted(request):  # type: ignore[no-untyped-def]
    if not request.user.can("case.restore"):
        raise services.PermissionDenied("case.restore")
    audit.record("list", user=request.user, object_type="cases.case", via="api",
                 detail={"filters": ["deleted"]})
    return [case_summary(c) for c in services.deleted_cases(request.user)[:500]]


@router.get("/{case_id}", response={200: dict[str, Any], 404: ErrorOut}, summary="Read a case")
def get_case(request, case_id: str):  # type: ignore[no-untyped-def]
    """A case shared with the caller's organisation (by a referral) has only the field
    groups shared; ``shared_groups`` then names them."""
    access = services.open_case(request.user, case_id, via="api")
    data = case_dict(access.case, access.groups)
    if access.groups is not None:
        data["shared_groups"] = sorted(access.groups)
    return data


@router.patch("/{case_id}", response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut,
                                      404: ErrorOut}, summary="Change a case")
def patch_case(request, case_id: str, payload: CaseIn):  # type: ignore[no-untyped-def]
    """Only the fields given change; a list given (aliases, documents...) replaces the old."""
    case = services.update_case(request.user, case_id, payload.dict(exclude_unset=True),
                                via="api")
    return case_dict(services.case_detail_queryset().get(pk=case.pk))


@router.delete("/{case_id}", response={204: None, 403: ErrorOut, 404: ErrorOut},
               summary="Delete a case (soft, restorable)")
def delete_case(request, case_id: str):  # type: ignore[no-untyped-def]
    services.delete_case(request.user, case_id, via="api")
    return Status(204, None)


@router.post("/{case_id}/restore", response={200: dict[str, Any], 403: ErrorOut, 404: ErrorOut},
             summary="Restore a deleted case")
def restore_case(request, case_id: str):  # type: ignore[no-untyped-def]
    case = services.restore_case(request.user, case_id, via="api")
    return case_summary(case)


@router.post("/{case_id}/erase", response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut,
                                           404: ErrorOut},
             summary="Erase a case for good (data-protection request)")
def erase_case(request, case_id: str, payload: EraseIn):  # type: ignore[no-untyped-def]
    """The person, the case and all its parts are removed; the audit log keeps that it
    happened. ``confirm_reference`` must repeat the case reference."""
    reference = services.erase_case(request.user, case_id, via="api",
                                    confirm_reference=payload.confirm_reference,
                                    request_reference=payload.request_reference)
    return {"erased": reference}


class AssignIn(Schema):
    owner: int
    team_id: int | None = None


@router.post("/{case_id}/assign", response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut,
                                            404: ErrorOut},
             summary="Give a case to another member of the organisation")
def assign_case(request, case_id: str, payload: AssignIn):  # type: ignore[no-untyped-def]
    case = services.assign_case(request.user, case_id, owner_id=payload.owner,
                                team_id=payload.team_id, via="api")
    return {"id": str(case.pk), "owner": case.owner.username, "team_id": case.team_id}


@router.get("/{case_id}/access-log", response={200: list[AccessLogEntryOut], 404: ErrorOut},
            summary="Who saw or changed this case, and when")
def get_access_log(request, case_id: str):  # type: ignore[no-untyped-def]
    access = services.get_case(request.user, case_id, via="api", group="own")
    audit.record("view", user=request.user, obj=access.case, via="api",
                 detail={"page": "access_log"})
    return [{"seq": e.seq, "at": e.at.isoformat(), "action": e.action, "username": e.username,
             "via": e.via, "object_type": e.object_type}
            for e in access_log(access.case, request.user)]


@router.post("/{case_id}/comments", response={201: dict[str, Any], 400: ErrorOut, 404: ErrorOut},
             summary="Add a comment")
def add_comment(request, case_id: str, payload: CommentIn):  # type: ignore[no-untyped-def]
    comment = notes.add_comment(request.user, case_id, payload.text, via="api")
    return Status(201, {"id": str(comment.id), "text": comment.text})


@router.post("/{case_id}/consents", response={201: dict[str, Any], 400: ErrorOut, 404: ErrorOut},
             summary="Record a consent (or a refusal)")
def add_consent(request, case_id: str, payload: ConsentIn):  # type: ignore[no-untyped-def]
    consent = notes.record_consent(request.user, case_id, payload.dict(exclude_unset=True),
                                   via="api")
    return Status(201, {"id": str(consent.id), "scope": consent.scope, "given": consent.given})


@router.post("/{case_id}/consents/{consent_id}/withdraw",
             response={200: dict[str, Any], 404: ErrorOut}, summary="Withdraw a consent")
def withdraw_consent(request, case_id: str, consent_id: str):  # type: ignore[no-untyped-def]
    consent = notes.withdraw_consent(request.user, case_id, consent_id, via="api")
    return {"id": str(consent.id), "withdrawn_at": consent.withdrawn_at.isoformat()}


@router.post("/{case_id}/attachments", response={201: dict[str, Any], 400: ErrorOut,
                                                 404: ErrorOut}, summary="Attach a file")
def add_attachment(request, case_id: str, file: File[UploadedFile],  # type: ignore[no-untyped-def]
                   description: Form[str] = ""):
    att = attachments.add_attachment(request.user, case_id, file, description, via="api")
    return Status(201, {"id": str(att.id), "filename": att.filename, "size": att.size,
                        "sha256": att.sha256})


@router.get("/{case_id}/attachments/{attachment_id}", response={200: None, 404: ErrorOut},
            summary="Download an attachment")
def download_attachment(request, case_id: str, attachment_id: str):  # type: ignore[no-untyped-def]
    att, data = attachments.read_attachment(request.user, case_id, attachment_id, via="api")
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment"
    return response
