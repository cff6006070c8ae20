"""Referral pages: the dashboard (received, sent, overdue), a referral with its answers, the
form to refer or transfer a case with recommendations, and the card on the case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipnet.audit import services as audit
from tipnet.cases import services as cases
from tipnet.cases import sharing
from tipnet.codelists import services as codelists
from tipnet.htcds import services as htcds
from tipnet.lib.http import forbidden

from . import services
from .models import OPEN


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    incoming = services.incoming(user)
    outgoing = services.outgoing(user)
    audit.record("list", user=user, object_type="referrals.referral",
                 detail={"filters": ["dashboard"]})
    return render(request, "referrals/dashboard.html", {
        "receives": user.can("referral.receive"),
        "overdue_in": list(services.overdue(incoming)[:100]),
        "overdue_out": list(services.overdue(outgoing)[:100]),
        "incoming": list(incoming.filter(status__in=OPEN)[:200]),
        "outgoing": list(outgoing.filter(status__in=OPEN)[:200]),
        "closed": list((incoming | outgoing).exclude(status__in=OPEN)[:50]),
    })


@login_required
def detail(request: HttpRequest, referral_id: Any) -> HttpResponse:
    referral = services.get(request.user, referral_id)
    audit.record("view", user=request.user, obj=referral,
                 subject_id=referral.case_id, detail={"case": str(referral.case_id)})
    receiving = referral.to_organisation_id == request.user.organisation_id
    may = services.MOVES
    return render(request, "referrals/detail.html", {
        "r": referral, "receiving": receiving,
        "actions": [a for a, m in may.items()
                    if referral.status in m.allowed_from
                    and (m.side == "receiver") == receiving],
        "may_open_case": receiving and referral.status in OPEN and referral.case_id
                         and not referral.inbound,
        "own_case": referral.inbound and referral.case_id,
        "package": htcds.describe(referral.package or {})
                   if referral.inbound and referral.status == "sent" else [],
    })


@login_required
@require_POST
def answer(request: HttpRequest, referral_id: Any, action: str) -> HttpResponse:
    try:
        referral = services.change(request.user, referral_id, action,
                                   request.POST.get("reason", ""))
    except services.PermissionDenied:
        return forbidden(request)
    except services.ReferralError as error:
        for message in error.errors.values():
            messages.error(request, message)
        return redirect("referrals:detail", referral_id=referral_id)
    messages.success(request, _("The referral is now: %(status)s.")
                     % {"status": codelists.label("referral_status", referral.status)})
    if referral.kind == "transfer" and action == "accept":
        return redirect("cases:detail", case_id=referral.case_id)
    return redirect("referrals:detail", referral_id=referral.pk)


@login_required
def new(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Refer or transfer a case; with a service type chosen, recommended counterparts."""
    user = request.user
    try:
        access = cases.get_case(user, case_id, permission="case.change", group="own")
    except cases.PermissionDenied:
        return forbidden(request)
    if not (user.can("referral.send") or user.can("case.transfer")):
        return forbidden(request)
    case = access.case
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in (
            "to_organisation", "kind", "service_type", "service", "message",
            "override_reason")}
        data["groups"] = request.POST.getlist("groups")
        data["urgent"] = request.POST.get("urgent") == "on"
        if request.POST.get("peer"):  # an organisation on another deployment
            data["peer"] = request.POST["peer"]
            data["to_organisation"] = request.POST.get("remote_organisation", "").strip()
            data["to_organisation_name"] = request.POST.get("remote_organisation_name", "")
        try:
            referral = services.send(user, case.pk, data)
            messages.success(request, _("Sent. %(org)s has until %(when)s to answer.") % {
                "org": referral.to_name,
                "when": referral.respond_by.strftime("%Y-%m-%d %H:%M UTC")})
            return redirect("referrals:detail", referral_id=referral.pk)
        except services.PermissionDenied:
            return forbidden(request)
        except services.ReferralError as error:
            errors = error.errors
    service_type = (data.get("service_type") or request.GET.get("service_type") or "").strip()
    recs = []
    if service_type in codelists.get("service_type").codes and user.can("referral.send"):
        recs = services.recommendations(user, case.pk, service_type)
    organisations = list(services.organisations_to_refer_to(user))
    chosen = data.get("to_organisation") or request.GET.get("to", "")
    gates = services.gates(case, "referral", [str(o.uuid) for o in organisations])
    return render(request, "referrals/new.html", {
        "case": case, "data": data, "errors": errors, "service_type": service_type,
        "service_types": codelists.choices("service_type"),
        "groups": [(g, codelists.label("case_field_group", g), g in sharing.always_shared())
                   for g in sharing.all_groups()],
        "chosen_groups": set(data.get("groups") or []),
        "organisations": organisations, "chosen": chosen,
        "chosen_service": data.get("service") or request.GET.get("service", ""),
        "gate": gates.get(chosen) if chosen else None,
        "closed_gates": {k for k, g in gates.items() if not g.open},
        "may_override": user.can("referral.override"),
        "may_transfer": user.can("case.transfer"),
        "recommendations": recs, "peers": services.peers(),
    }, status=400 if errors else 200)


def case_section(request: HttpRequest, access: Any) -> str:
    """The referrals card on the case page (see TIPNET_CASE_PAGE_SECTIONS)."""
    user = request.user
    referrals = services.for_case(user, access.case)
    own = access.groups is None
    if not referrals and not own:
        return ""
    return render_to_string("referrals/_case_section.html", {
        "case": access.case, "referrals": referrals, "own": own,
        "may_refer": own and "case.change" in access.permissions
                     and (user.can("referral.send") or user.can("case.transfer"))
                     and not access.case.deleted_at,
    }, request=request)
