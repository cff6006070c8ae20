"""Referrals between independent tipnet deployments, over tipnet.federation.

Sending: a referral to an organisation on a peer deployment is stored here like any other
(``peer`` and ``remote_organisation`` instead of ``to_organisation``), and its package goes
into the federation outbox in the same transaction: the referral's terms and an HTCDS record
holding only the consented field groups (``htcds.mapping.scoped_record``). The package is
signed and encrypted to the peer by the federation layer, retried until acknowledged, and
handed to the receiver's handler exactly once.

Receiving (``receive``, the handler of kind ``referral``): the package is checked in full —
receiving organisation, codes, the HTCDS record — and refused for good if anything is wrong;
otherwise it becomes a referral to that organisation, with the record kept encrypted. On
acceptance the receiving organisation gets a case of its own made from the record (a copy:
the only way between deployments).

Status changes (accepted, declined, completed, revoked) travel back as kind
``referral_status`` with an idempotency key per referral and status, and are applied only
where the lifecycle allows them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tipnet.accounts.models import Organisation
from tipnet.audit import services as audit
from tipnet.cases import services as cases
from tipnet.cases import sharing
from tipnet.cases.access import as_uuid
from tipnet.codelists import services as codelists
from tipnet.federation import services as federation
from tipnet.htcds import services as htcds
from tipnet.htcds.mapping import keys_outside, scoped_record

from .models import Referral

KIND = "referral"
STATUS_KIND = "referral_status"
STATUSES = ("accepted", "declined", "completed", "revoked")
MAX_TEXT = 4000


def package(referral: Referral) -> dict[str, Any]:
    case = cases.case_detail_queryset().get(pk=referral.case_id)
    org = referral.from_organisation
    return {
        "id": str(referral.pk), "kind": referral.kind,
        "to_organisation": referral.remote_organisation,
        "from_organisation": {"id": str(org.uuid), "name": org.name,
                              "country": org.country.code or ""},
        "service_type": referral.service_type, "groups": sorted(referral.groups),
        "message": referral.message, "urgent": referral.urgent, "basis": referral.basis,
        "override_reason": referral.override_reason,
        "sent_at": referral.sent_at.isoformat(), "respond_by": referral.respond_by.isoformat(),
        "record": scoped_record(case, frozenset(referral.groups)),
    }


def queue(referral: Referral, user: Any, via: str) -> None:
    """Put the referral's package in the outbox (inside the caller's transaction)."""
    federation.send(referral.peer, KIND, package(referral),
                    idempotency_key=f"referral:{referral.pk}:sent", user=user, via=via)


def tell_peer(referral: Referral, user: Any, via: str) -> None:
    """Send the referral's new status to the other deployment (inside the transaction)."""
    federation.send(referral.peer, STATUS_KIND,
                    {"id": str(referral.pk), "status": referral.status,
                     "reason": referral.status_reason or "",
                     "at": timezone.now().isoformat()},
                    idempotency_key=f"referral:{referral.pk}:{referral.status}", user=user,
                    via=via)


def make_local_case(referral: Referral, user: Any, via: str) -> Any:
    """On acceptance of a referral from another deployment: the receiving organisation's own
    case, made from the package (the sender's comments marked as theirs)."""
    case = htcds.case_from_record(user, referral.package or {}, via=via,
                                  comments_from=referral.remote_name)
    referral.case = case
    referral.save(update_fields=["case", "updated_at"])
    return case


def forget_package(referral: Referral) -> None:
    """A received referral answered or closed: its package goes (an accepted one lives on as
    the receiving organisation's case), here and in the federation inbox."""
    referral.package = {}
    referral.save(update_fields=["package", "updated_at"])
    federation.forget(referral.peer, f"referral:{referral.pk}:sent")


def refused(message: Any, reason: str) -> None:
    """The peer refused a referral's package for good (``TIPNET_FEDERATION_REFUSAL_HANDLERS``):
    the referral is closed as undeliverable, with the reason, and the sender is told."""
    pk = as_uuid((message.idempotency_key.split(":") + ["", ""])[1])
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(
            pk=pk, peer_id=message.peer_id, status="sent").first() if pk else None
        if referral is None:
            return
        referral.status, referral.closed_at = "undeliverable", timezone.now()
        referral.status_reason = f"Refused by {referral.peer.name}: {reason}"[:MAX_TEXT]
        referral.save()
        audit.record("decline", obj=referral, organisation_id=referral.from_organisation_id,
                     subject_id=referral.case_id or "", via="peer",
                     detail={"peer": str(referral.peer_id), "undeliverable": True})
        from .services import notify_sender

        transaction.on_commit(lambda: notify_sender(referral, "undeliverable"))


# -- receiving -----------------------------------------------------------------------------

def _text(payload: dict[str, Any], key: str) -> str:
    value = payload.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise federation.Rejected(f"{key}: must be text of at most {MAX_TEXT} characters")
    return value


def receive(peer: Any, payload: dict[str, Any], message: Any) -> dict[str, Any]:
    """Handler of kind ``referral``: a referral from an organisation on ``peer``."""
    pk = as_uuid(payload.get("id"))
    if pk is None:
        raise federation.Rejected("id: not a UUID")
    if Referral.objects.filter(pk=pk).exists():
        raise federation.Rejected("id: a referral with this id exists already")
    org = Organisation.objects.filter(uuid=as_uuid(payload.get("to_organisation")),
                                      is_active=True).first() \
        if as_uuid(payload.get("to_organisation")) else None
    if org is None:
        raise federation.Rejected("to_organisation: no such active organisation here")
    kind = payload.get("kind")
    if kind not in ("referral", "transfer"):
        raise federation.Rejected("kind: must be referral or transfer")
    service_type = payload.get("service_type") or ""
    if kind == "referral" and service_type not in codelists.get("service_type").codes:
        raise federation.Rejected("service_type: not a known service type")
    try:
        groups = sharing.normalise_groups(payload.get("groups") or [])
    except (TypeError, ValueError) as error:
        raise federation.Rejected(f"groups: {error}") from None
    sender = payload.get("from_organisation")
    if not isinstance(sender, dict) or not as_uuid(sender.get("id")):
        raise federation.Rejected("from_organisation: must name the sending organisation")
    respond_by = parse_datetime(str(payload.get("respond_by") or ""))
    if respond_by is None or timezone.is_naive(respond_by):
        raise federation.Rejected("respond_by: not a date and time with its offset")
    record = payload.get("record")
    if not isinstance(record, dict):
        raise federation.Rejected("record: must be an HTCDS record")
    extra = keys_outside(record, groups)
    if extra:
        raise federation.Rejected("record: holds fields outside the groups it shares: "
                                  + ", ".join(extra[:10]))
    problems = htcds.record_problems(record)
    if problems:
        # Paths only: the messages may quote the values, which are personal data.
        raise federation.Rejected(f"record: {len(problems)} problem(s), at "
                                  + ", ".join(sorted({p for p, _ in problems})[:10]))
    referral = Referral.objects.create(
        id=pk, kind=kind, peer=peer, to_organisation=org,
        remote_organisation=str(as_uuid(sender["id"])),
        remote_organisation_name=str(sender.get("name") or "")[:200] or peer.name,
        service_type=service_type, groups=sorted(groups), message=_text(payload, "message"),
        urgent=payload.get("urgent") is True,
        basis="override" if payload.get("basis") == "override" else "consent",
        override_reason=_text(payload, "override_reason"), package=record,
        respond_by=respond_by)
    audit.record("refer", obj=referral, organisation_id=org.pk, via="peer",
                 detail={"kind": kind, "peer": str(peer.pk), "groups": sorted(groups),
                         "basis": referral.basis})
    from .services import notify_receivers

    transaction.on_commit(lambda: notify_receivers(referral, "new"))
    return {"referral": str(referral.pk), "status": referral.status}


ALLOWED = {  # status → the statuses it may come from, on the side that learns of it
    "accepted": ("sent",), "declined": ("sent",), "completed": ("accepted",),
    "revoked": ("sent", "accepted"),
}


def receive_status(peer: Any, payload: dict[str, Any], message: Any) -> dict[str, Any]:
    """Handler of kind ``referral_status``: the other side accepted, declined, completed or
    revoked a referral between us."""
    pk = as_uuid(payload.get("id"))
    status = payload.get("status")
    if status not in STATUSES:
        raise federation.Rejected("status: not a referral status")
    referral = Referral.objects.select_for_update().filter(pk=pk, peer=peer).first() \
        if pk else None
    if referral is None:
        raise federation.Rejected("id: no referral with this peer has this id")
    # Only the receiving side answers, only the sending side revokes.
    answers = status != "revoked"
    if answers != referral.outbound:
        raise federation.Rejected("status: not this side's to change")
    if referral.status == status:
        return {"referral": str(referral.pk), "status": status}
    if referral.status not in ALLOWED[status]:
        raise federation.Rejected(f"status: the referral is {referral.status}")
    now = timezone.now()
    referral.status = status
    referral.status_reason = _text(payload, "reason") or referral.status_reason
    if status in ("accepted", "declined"):
        referral.answered_at = now
    if status in ("declined", "completed", "revoked"):
        referral.closed_at = now
    referral.save()
    org_id = referral.from_organisation_id or referral.to_organisation_id
    audit.record({"accepted": "accept", "declined": "decline", "completed": "complete",
                  "revoked": "revoke"}[status], obj=referral, organisation_id=org_id,
                 subject_id=referral.case_id or "", via="peer",
                 detail={"peer": str(peer.pk), "kind": referral.kind})
    if referral.outbound and referral.kind == "transfer" and status == "accepted":
        # The other deployment took the case over: closed here, as referred.
        case = referral.case
        case.status = "ClosedReferred"
        case.save(update_fields=["status", "updated_at"])
        audit.record("update", obj=case, via="peer",
                     detail={"fields": ["status"], "transferred_to_peer": str(peer.pk)})
    if referral.inbound and status == "revoked":
        forget_package(referral)
    from .services import notify_sender

    if referral.outbound:
        transaction.on_commit(lambda: notify_sender(referral, status))
    return {"referral": str(referral.pk), "status": status}
