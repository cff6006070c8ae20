"""Referrals and transfers: what pages, the API and commands may do with them.

Each function takes the acting user, checks what their role and organisation allow, locks the
referral while its status changes, and writes the audit entry in the same transaction.
Audit entries name the referral, the case and the organisations, never what was shared.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tipnet.accounts.models import Organisation
from tipnet.accounts.services import member_emails
from tipnet.audit import services as audit
from tipnet.cases import services as cases
from tipnet.cases import sharing
from tipnet.cases.access import as_uuid
from tipnet.codelists import services as codelists
from tipnet.directory.models import Service
from tipnet.lib.mail import send_or_log

from . import consent
from .models import CLOSED, OPEN, Referral

PermissionDenied = cases.PermissionDenied
log = logging.getLogger(__name__)
MIN_REASON = 10
MAX_TEXT = 4000


class ReferralError(Exception):
    """Bad input or a change the referral's status does not allow; ``errors`` maps fields to
    messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def _require(user: Any, permission: str, via: str, obj: Any = None) -> None:
    if not user.can(permission):
        cases.deny(user, permission, via=via, obj=obj, object_type="referrals.referral")


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise ReferralError({key: "must be text"})
    if len(value) > MAX_TEXT:
        raise ReferralError({key: f"must be at most {MAX_TEXT} characters"})
    return value.strip()


def answer_hours(urgent: bool) -> int:
    return (settings.TIPNET_REFERRAL_URGENT_ANSWER_HOURS if urgent
            else settings.TIPNET_REFERRAL_ANSWER_HOURS)


def gates(case: Any, kind: str, organisation_keys: list[str]) -> dict[str, consent.Gate]:
    """The consent gate of the case for each receiving organisation (its id, as consent
    records name it), from one read of the case's consents."""
    consents = list(case.consents.all())
    return {key: consent.check(consents, kind, key) for key in organisation_keys}


def gate(case: Any, kind: str, organisation_key: str) -> consent.Gate:
    return gates(case, kind, [organisation_key])[organisation_key]


def _peer(value: Any) -> Any:
    from tipnet.federation.models import Peer

    pk = as_uuid(value)
    return Peer.objects.filter(pk=pk, is_active=True).first() if pk else None


def peers() -> list[Any]:
    from tipnet.federation.models import Peer

    return list(Peer.objects.filter(is_active=True).order_by("name"))


def _audit(action: str, user: Any, referral: Referral, via: str, **detail: Any) -> None:
    """One entry for each organisation involved, so that both access logs show it."""
    orgs = (referral.from_organisation_id, referral.to_organisation_id)
    for org_id in dict.fromkeys(o for o in orgs if o is not None):
        audit.record(action, user=user, obj=referral, organisation_id=org_id,
                     subject_id=referral.case_id or "", via=via,
                     detail={"case": str(referral.case_id or ""), "kind": referral.kind,
                             "from": referral.from_organisation_id,
                             "to": referral.to_organisation_id,
                             **({"peer": str(referral.peer_id)} if referral.peer_id else {}),
                             **detail})


# -- sending -----------------------------------------------------------------------------

def send(user: Any, case_id: Any, data: dict[str, Any], *, via: str = "web") -> Referral:
    """Refer (or transfer) a case to another organisation on this deployment.

    ``data``: ``to_organisation`` (its UUID), ``peer`` (only when that organisation is on
    another deployment: the peer's id; see referrals.federated), ``kind`` (referral or transfer),
    ``service_type`` (for a referral), optional ``service`` (a directory service of that
    organisation), ``groups`` (field groups to share; the minimum data set always goes),
    ``message``, ``urgent``, and ``override_reason`` to send without the person's consent
    (needs ``referral.override``)."""
    if not isinstance(data, dict):
        raise ReferralError({"": "expected an object"})
    kind = data.get("kind") or "referral"
    if kind not in ("referral", "transfer"):
        raise ReferralError({"kind": "must be referral or transfer"})
    access = cases.get_case(user, case_id, permission="case.change", via=via, group="own")
    _require(user, "case.transfer" if kind == "transfer" else "referral.send", via, access.case)
    case = access.case
    errors: dict[str, str] = {}
    target_id = as_uuid(data.get("to_organisation"))
    peer = None
    if data.get("peer"):
        peer = _peer(data["peer"])
        target = None
        if peer is None:
            errors["peer"] = "is not an active peer deployment"
        if target_id is None:
            errors["to_organisation"] = "give the organisation's id on that deployment"
    else:
        target = Organisation.objects.filter(uuid=target_id, is_active=True).first() \
            if target_id else None
        if target is None:
            errors["to_organisation"] = "is not an active organisation on this deployment"
        elif target.pk == case.organisation_id:
            errors["to_organisation"] = "is your own organisation: assign the case instead"
    service_type = data.get("service_type") or ""
    if kind == "referral":
        if not service_type:
            errors["service_type"] = "name the service the person is referred for"
        elif service_type not in codelists.get("service_type").codes:
            errors["service_type"] = "is not a known service type"
    service = None
    if data.get("service"):
        service = Service.objects.filter(pk=as_uuid(data["service"])).select_related(
            "counterpart").first() if as_uuid(data["service"]) else None
        if service is None or target is None or service.counterpart.tenant_id != target.pk:
            # (a service of an organisation on another deployment is not in our directory as
            # one of our tenants: name the service type only)
            errors["service"] = "is not a service of that organisation in the directory"
    try:
        groups = sharing.normalise_groups(
            sharing.all_groups() if kind == "transfer" else data.get("groups") or [])
    except (ValueError, TypeError) as error:
        errors["groups"] = str(error)
        groups = frozenset()
    message = _text(data, "message")
    override = _text(data, "override_reason")
    if errors:
        raise ReferralError(errors)
    check = gate(case, kind, str(target_id))
    if not check.open:
        if not override:
            labels = ", ".join(codelists.label("consent_scope", s) for s in check.missing)
            raise ReferralError({"consent": f"the person's consent does not cover this "
                                            f"({labels}); record their consent first, or "
                                            f"override with a written reason if the law "
                                            f"allows it (emergency, child protection)"})
        _require(user, "referral.override", via, case)
        if len(override) < MIN_REASON:
            raise ReferralError({"override_reason": f"explain why, in at least {MIN_REASON} "
                                                    f"characters"})
    elif override:
        override = ""  # consent covers it: nothing is overridden
    same = Q(peer=peer, remote_organisation=str(target_id)) if peer else \
        Q(to_organisation=target)
    open_here = Referral.objects.filter(case=case, status__in=OPEN)
    if open_here.filter(same, kind=kind, service_type=service_type).exists():
        raise ReferralError({"to_organisation": "this case already has an open referral "
                                                "to that organisation for that service"})
    if kind == "transfer" and open_here.filter(kind="transfer").exists():
        raise ReferralError({"kind": "this case already has an open transfer: revoke it "
                                     "first"})
    try:
        with transaction.atomic():
            return _create(user, case, data, kind, target, peer, target_id, service_type,
                           service, groups, message, override, check, via)
    except IntegrityError:  # someone sent the same a moment before (the constraints hold)
        raise ReferralError({"to_organisation": "this case already has an open referral "
                                                "like this one"}) from None


def _create(user: Any, case: Any, data: dict[str, Any], kind: str, target: Any, peer: Any,
            target_id: Any, service_type: str, service: Any, groups: frozenset[str],
            message: str, override: str, check: consent.Gate, via: str) -> Referral:
    now = timezone.now()
    referral = Referral.objects.create(
        kind=kind, case=case, from_organisation_id=case.organisation_id,
        to_organisation=target, peer=peer,
        remote_organisation=str(target_id) if peer else "",
        remote_organisation_name=str(data.get("to_organisation_name") or "")[:200]
        or (peer.name if peer else ""),
        service_type=service_type, service=service,
        groups=sorted(groups), message=message, urgent=bool(data.get("urgent")),
        basis="override" if override else "consent", override_reason=override,
        sent_by=user, sent_at=now, respond_by=now + dt.timedelta(hours=answer_hours(
            bool(data.get("urgent")))))
    _audit("refer", user, referral, via, groups=sorted(groups), basis=referral.basis)
    if override:
        _audit("override", user, referral, via, missing=check.missing)
    if peer is not None:
        from . import federated

        federated.queue(referral, user, via)
    else:
        transaction.on_commit(lambda: notify_receivers(referral, "new"))
    return referral


# -- reading -----------------------------------------------------------------------------

def _base() -> QuerySet[Referral]:
    return Referral.objects.select_related("from_organisation", "to_organisation", "case",
                                           "service", "sent_by", "peer")


def incoming(user: Any) -> QuerySet[Referral]:
    if not user.is_authenticated or not user.organisation_id or not user.can("referral.receive"):
        return Referral.objects.none()
    return _base().filter(to_organisation_id=user.organisation_id)


def outgoing(user: Any) -> QuerySet[Referral]:
    """Referrals of cases the user may see in their organisation (and the transfers, for
    those who may transfer)."""
    if not user.is_authenticated or not user.organisation_id:
        return Referral.objects.none()
    mine = Q(case__in=cases.visible_cases(user, include_deleted=True))
    if user.can("case.transfer"):
        mine |= Q(kind="transfer")  # a transferred case is no longer visible here
    return _base().filter(mine, from_organisation_id=user.organisation_id)


def overdue(queryset: QuerySet[Referral], now: dt.datetime | None = None) -> QuerySet[Referral]:
    return queryset.filter(status="sent", respond_by__lt=now or timezone.now())


def get(user: Any, referral_id: Any, *, via: str = "web") -> Referral:
    """A referral the user's organisation sent (of a case they may see) or received (if
    their role receives referrals); else 404, audited."""
    pk = as_uuid(referral_id)
    referral = None
    if pk is not None:
        referral = (incoming(user).filter(pk=pk).first()
                    or outgoing(user).filter(pk=pk).first())
    if referral is None:
        audit.record("denied", user=user, object_type="referrals.referral",
                     object_id=str(pk) if pk else "", via=via,
                     detail={"reason": "not visible"})
        raise Http404("No such referral.")
    return referral


def for_case(user: Any, case: Any) -> list[Referral]:
    """The referrals of a case the user has opened: all of them for the owning
    organisation, only those to their organisation for a receiving one."""
    qs = _base().filter(case=case)
    if case.organisation_id != user.organisation_id:
        qs = qs.filter(to_organisation_id=user.organisation_id)
    return list(qs)


# -- answering ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Move:
    action: str
    allowed_from: tuple[str, ...]
    to: str
    side: str  # "receiver" or "sender"
    reason: str  # "required", "optional"


MOVES = {
    "accept": _Move("accept", ("sent",), "accepted", "receiver", "optional"),
    "decline": _Move("decline", ("sent",), "declined", "receiver", "required"),
    "complete": _Move("complete", ("accepted",), "completed", "receiver", "optional"),
    "revoke": _Move("revoke", ("sent", "accepted"), "revoked", "sender", "required"),
}


def change(user: Any, referral_id: Any, action: str, reason: str = "", *,
           via: str = "web") -> Referral:
    """Accept, decline (with a reason), complete, or revoke (the sender, with a reason)."""
    move = MOVES.get(action)
    if move is None:
        raise ReferralError({"action": "must be accept, decline, complete or revoke"})
    referral = get(user, referral_id, via=via)
    receiving = referral.to_organisation_id == user.organisation_id
    if move.side == "receiver":
        if not receiving:
            raise ReferralError({"action": "only the receiving organisation can do this"})
        _require(user, "referral.receive", via, referral)
    else:
        if receiving:
            raise ReferralError({"action": "only the sending organisation can do this"})
        _require(user, "case.transfer" if referral.kind == "transfer" else "referral.send",
                 via, referral)
    reason = _text({"reason": reason}, "reason")
    if move.reason == "required" and len(reason) < 3:
        raise ReferralError({"reason": "give a reason"})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status not in move.allowed_from:
            raise ReferralError({"status": f"the referral is "
                                           f"{codelists.label('referral_status', referral.status)}"
                                           f" and cannot be changed that way"})
        if action == "accept" and not referral.inbound:
            _check_still_shareable(referral)
        now = timezone.now()
        referral.status = move.to
        referral.status_reason = reason or referral.status_reason
        if action in ("accept", "decline"):
            referral.answered_by, referral.answered_at = user, now
        if move.to in ("declined", "completed", "revoked"):
            referral.closed_at = now
        referral.save()
        _audit(action, user, referral, via)
        if referral.peer_id:
            from . import federated

            if referral.inbound and action == "accept":
                federated.make_local_case(referral, user, via)
            federated.tell_peer(referral, user, via)
            if referral.inbound and (action == "accept" or move.to in CLOSED):
                federated.forget_package(referral)
        elif referral.kind == "transfer" and action == "accept":
            cases.hand_over(referral.case_id, referral.to_organisation, owner=user, via=via)
            referral.status, referral.closed_at = "completed", now
            referral.save(update_fields=["status", "closed_at", "updated_at"])
            _audit("complete", user, referral, via, transferred=True)
            close_open_referrals(referral.case_id, "The case was transferred to another "
                                                   "organisation.", via=via, but=referral.pk)
        if not referral.peer_id:
            transaction.on_commit(lambda: notify_sender(referral, action))
    return referral


def _check_still_shareable(referral: Referral) -> None:
    """Accepting reads (or, for a transfer, takes) the case: it must still be the sender's,
    not deleted, and the person's consent must still cover it (unless overridden)."""
    from tipnet.cases.models import Case

    case = Case.objects.select_for_update().filter(pk=referral.case_id).first()
    if case is None or case.deleted_at is not None \
            or case.organisation_id != referral.from_organisation_id:
        raise ReferralError({"status": "the case is no longer the sending organisation's to "
                                       "share"})
    if referral.basis != "override" and not gate(
            case, referral.kind, str(referral.to_organisation.uuid)).open:
        raise ReferralError({"consent": "the person's consent no longer covers this "
                                        "referral"})


def consent_changed(case_id: Any) -> int:
    """Revoke the case's open referrals its consents no longer cover (not overrides)."""
    from tipnet.cases.models import ConsentRecord

    consents = list(ConsentRecord.objects.filter(case_id=case_id))
    stale = [r.pk for r in Referral.objects.filter(case_id=case_id, status__in=OPEN,
                                                   from_organisation__isnull=False)
             .exclude(basis="override").select_related("to_organisation")
             if not consent.check(consents, r.kind, str(r.to_organisation.uuid)
                                  if r.to_organisation_id else r.remote_organisation).open]
    count = 0
    with transaction.atomic():
        for pk in stale:
            count += close_open_referrals(case_id, "The person withdrew their consent.",
                                          via="system", only=pk)
    return count


def case_erased(case_id: Any) -> None:
    """Before a case is erased: tell peers its referrals are revoked and empty the packages
    kept in the outbox (the referrals here go with the case)."""
    from tipnet.federation import services as federation

    close_open_referrals(case_id, "The case was erased.", via="system")
    for referral in Referral.objects.filter(case_id=case_id, peer__isnull=False,
                                            from_organisation__isnull=False):
        federation.forget(referral.peer, f"referral:{referral.pk}:sent")


def close_open_referrals(case_id: Any, reason: str, *, via: str, but: Any = None,
                         only: Any = None) -> int:
    """Revoke the case's open referrals (all but ``but``, or only ``only``): when the case was
    transferred, or the person withdrew their consent, or the case is erased. Audited; peers
    are told."""
    count = 0
    qs = (Referral.objects.select_for_update(of=("self",))
          .filter(case_id=case_id, status__in=OPEN, from_organisation__isnull=False))
    if but is not None:
        qs = qs.exclude(pk=but)
    if only is not None:
        qs = qs.filter(pk=only)
    for referral in qs:
        referral.status, referral.status_reason = "revoked", reason
        referral.closed_at = timezone.now()
        referral.save()
        _audit("revoke", None, referral, via, automatic=True)
        if referral.peer_id:
            from . import federated

            federated.tell_peer(referral, None, via)
        count += 1
    return count


# -- deadlines ---------------------------------------------------------------------------

def escalate_due(now: dt.datetime | None = None) -> int:
    """Mark referrals past their answer deadline as escalated and e-mail both sides, once
    each. Returns how many escalated. Run it every few minutes (``referrals_escalate``)."""
    now = now or timezone.now()
    count = 0
    for pk in list(overdue(Referral.objects.filter(escalated_at__isnull=True), now)
                   .values_list("pk", flat=True)):
        with transaction.atomic():
            referral = Referral.objects.select_for_update(of=("self",)).select_related(
                "from_organisation", "to_organisation").get(pk=pk)
            if referral.escalated_at is not None or referral.status != "sent":
                continue
            referral.escalated_at = now
            referral.save(update_fields=["escalated_at", "updated_at"])
            _audit("escalate", None, referral, "system")
            transaction.on_commit(lambda r=referral: (notify_receivers(r, "overdue"),
                                                      notify_sender(r, "overdue")))
        count += 1
    return count


# -- e-mail ------------------------------------------------------------------------------
# E-mails carry no personal data: the kind of service, the organisations and a link.

def _send(to: list[str], subject: str, body: str) -> None:
    """E-mail after the change is committed: a mail server that is down must not turn a
    committed referral into an error page (the dashboard lists it either way)."""
    send_or_log(subject, body, to, what="referral e-mail", log=log)


def _link(referral: Referral) -> str:
    return settings.TIPNET_BASE_URL + reverse("referrals:detail", args=[referral.pk])


def _what(referral: Referral) -> str:
    if referral.kind == "transfer":
        return "a case transfer"
    return "a referral for " + codelists.label("service_type", referral.service_type).lower()


def notify_receivers(referral: Referral, event: str) -> None:
    if referral.to_organisation_id is None:
        return  # on another deployment: it notifies its own people
    sender = referral.from_name
    if event == "overdue":
        subject = f"[tipnet] Overdue: {_what(referral)} from {sender} is waiting for an answer"
    else:
        subject = f"[tipnet] {'URGENT: ' if referral.urgent else ''}{_what(referral)} " \
                  f"from {sender}"
    body = (f"{sender} sent {_what(referral)} to {referral.to_name}.\n"
            f"Answer by {referral.respond_by:%Y-%m-%d %H:%M} UTC:\n{_link(referral)}\n")
    _send(member_emails(referral.to_organisation_id, "referral.receive"), subject, body)


def notify_sender(referral: Referral, event: str) -> None:
    if referral.from_organisation_id is None:
        return  # on another deployment: told through the federation
    receiver = referral.to_name
    label = {"overdue": "has not been answered in time"}.get(
        event, f"is now {codelists.label('referral_status', referral.status).lower()}")
    subject = f"[tipnet] {_what(referral).capitalize()} to {receiver} {label}"
    body = f"{subject[9:]}.\n{_link(referral)}\n"
    to = set(member_emails(referral.from_organisation_id, "referral.override"))
    if referral.sent_by and referral.sent_by.email and referral.sent_by.is_active:
        to.add(referral.sent_by.email)
    _send(sorted(to), subject, body)


def organisations_to_refer_to(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).exclude(pk=user.organisation_id)


def recommendations(user: Any, case_id: Any, service_type: str, *,
                    via: str = "web") -> list[Any]:
    """Directory services ranked for the case (see recommend), each with its reasons."""
    from . import recommend

    if service_type not in codelists.get("service_type").codes:
        raise ReferralError({"service_type": "is not a known service type"})
    access = cases.get_case(user, case_id, permission="case.change", via=via, group="own")
    _require(user, "referral.send", via, access.case)
    case = cases.case_detail_queryset().get(pk=access.case.pk)
    audit.record("view", user=user, obj=case, via=via, detail={"part": "recommendations"})
    return recommend.recommend(case, service_type, user.organisation)
