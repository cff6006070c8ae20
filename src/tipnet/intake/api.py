"""The intake API: log contacts, read the queue, related tips, link or open cases."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict

from tipnet.audit import services as audit
from tipnet.cases.schemas import ErrorOut

from . import services
from .serialise import contact_dict, related_dict

router = Router(tags=["intake"])


class ContactIn(Schema):
    channel: str
    caller_type: str = ""
    language: str = ""
    country: str = ""
    narrative: str = ""
    location: str = ""
    caller_name: str = ""
    caller_contact: str = ""
    flags: list[str] = []


class QueueQuery(Schema):
    include_closed: bool = False


@router.post("/contacts", response={201: dict[str, Any], 400: ErrorOut, 403: ErrorOut},
             summary="Log a contact (call, message, chat, e-mail)")
def post_contact(request, payload: ContactIn):  # type: ignore[no-untyped-def]
    """Triaged and its entities extracted at once: the answer says how urgent it is and why,
    and which other contacts and cases share a phone number, e-mail, handle, URL, plate or
    near-duplicate text with it."""
    contact = services.record(request.user, payload.dict(), via="api")
    out = contact_dict(contact)
    out["related"] = related_dict(services.related(request.user, contact))
    return Status(201, out)


@router.get("/contacts", response={200: list[dict[str, Any]]},
            summary="The queue: open contacts, most urgent first")
def get_queue(request, query: Query[QueueQuery]):  # type: ignore[no-untyped-def]
    audit.record("list", user=request.user, object_type="intake.contact", via="api",
                 detail={"filters": ["closed"] if query.include_closed else []})
    return [contact_dict(c, full=False)
            for c in services.queue(request.user, include_closed=query.include_closed)[:500]]


@router.get("/contacts/{contact_id}", response={200: dict[str, Any], 404: ErrorOut},
            summary="A contact, with related contacts and cases")
def get_contact(request, contact_id: str):  # type: ignore[no-untyped-def]
    contact = services.get(request.user, contact_id, via="api")
    out = contact_dict(contact)
    out["related"] = related_dict(services.related(request.user, contact))
    return out


class LinkIn(Schema):
    case_id: str


@router.post("/contacts/{contact_id}/link", response={200: dict[str, Any], 400: ErrorOut,
                                                      403: ErrorOut, 404: ErrorOut},
             summary="Link a contact to a case")
def link(request, contact_id: str, payload: LinkIn):  # type: ignore[no-untyped-def]
    return contact_dict(services.link_case(request.user, contact_id, payload.case_id,
                                           via="api"))


@router.post("/contacts/{contact_id}/case", response={201: dict[str, Any], 400: ErrorOut,
                                                      403: ErrorOut, 404: ErrorOut},
             summary="Open a new case from a contact")
def open_case(request, contact_id: str):  # type: ignore[no-untyped-def]
    case = services.open_case(request.user, contact_id, via="api")
    return Status(201, {"case_id": str(case.pk), "reference": case.reference})


class StatusIn(Schema):
    status: str


@router.post("/contacts/{contact_id}/status", response={200: dict[str, Any], 400: ErrorOut,
                                                        403: ErrorOut, 404: ErrorOut},
             summary="Mark a contact being handled or closed")
def set_status(request, contact_id: str, payload: StatusIn):  # type: ignore[no-untyped-def]
    return contact_dict(services.set_status(request.user, contact_id, payload.status,
                                            via="api"))


class NotificationIn(Schema):
    gender: str = ""
    age_band: str = "unknown"
    citizenship: str = ""
    country_of_exploitation: str = ""
    exploitation_types: list[str] = []

    model_config = ConfigDict(extra="forbid")  # nothing identifying under another name


@router.post("/notifications", response={201: dict[str, Any], 400: ErrorOut, 403: ErrorOut},
             summary="File an anonymous notification (no identifying data)")
def notify(request, payload: NotificationIn):  # type: ignore[no-untyped-def]
    made = services.notify_anonymously(request.user, payload.dict(), via="api")
    return Status(201, {"id": str(made.pk), "notified_on": made.notified_on.isoformat()})
