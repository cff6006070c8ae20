"""The hotline console: the live queue, logging a contact, a contact with its related tips."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipnet.audit import services as audit
from tipnet.lib.http import forbidden

from . import services
from .forms import ContactForm


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The live queue; the page polls its own list (HTMX) every few seconds."""
    if not request.user.can("intake.view"):
        return forbidden(request)
    # Searched by POST: a phone number typed here must not land in access logs or history.
    q = request.POST.get("q", "").strip()[:200] if request.method == "POST" else ""
    partial = bool(request.headers.get("HX-Request"))
    qs = services.search(request.user, q) if q else services.queue(request.user)
    if not q and not partial:
        audit.record("list", user=request.user, object_type="intake.contact",
                     detail={"filters": ["queue"]})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "intake/_queue.html" if partial else "intake/queue.html", {
        "rows": page.object_list, "page": page,
        "immediate": services.queue(request.user).filter(urgency="immediate").count(),
        "may_log": request.user.can("intake.log"), "q": q})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    if not request.user.can("intake.log"):
        return forbidden(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.record(request.user, form.cleaned_data)
            messages.success(request, _("Logged."))
            return redirect("intake:detail", contact_id=contact.pk)
        except services.IntakeError as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, message)
    return render(request, "intake/new.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def detail(request: HttpRequest, contact_id: Any) -> HttpResponse:
    contact = services.get(request.user, contact_id)
    return render(request, "intake/detail.html", {
        "c": contact, "related": services.related(request.user, contact),
        "messages_": list(contact.messages.select_related("sent_by")),
        "may_log": request.user.can("intake.log"),
        "may_open_case": request.user.can("intake.log") and request.user.can("case.create")})


def _act(request: HttpRequest, contact_id: Any, fn, *, opens_case: bool = False  # type: ignore[no-untyped-def]
         ) -> HttpResponse:
    """Run an action on a contact; its errors become messages on the contact's page."""
    from .messaging import DeliveryError

    try:
        result = fn()
    except services.PermissionDenied:
        return forbidden(request)
    except services.IntakeError as error:
        for message in error.errors.values():
            messages.error(request, message)
        return redirect("intake:detail", contact_id=contact_id)
    except DeliveryError as error:
        messages.error(request, str(error))
        return redirect("intake:detail", contact_id=contact_id)
    if opens_case:
        return redirect("cases:detail", case_id=result.pk)
    return redirect("intake:detail", contact_id=contact_id)


@login_required
@require_POST
def link(request: HttpRequest, contact_id: Any) -> HttpResponse:
    return _act(request, contact_id, lambda: services.link_case(
        request.user, contact_id, request.POST.get("case_id", "")))


@login_required
@require_POST
def open_case(request: HttpRequest, contact_id: Any) -> HttpResponse:
    return _act(request, contact_id, lambda: services.open_case(request.user, contact_id),
                opens_case=True)


@login_required
@require_POST
def reply(request: HttpRequest, contact_id: Any) -> HttpResponse:
    from . import messaging

    return _act(request, contact_id, lambda: messaging.reply(
        request.user, contact_id, request.POST.get("text", "")))


@login_required
@require_POST
def status(request: HttpRequest, contact_id: Any) -> HttpResponse:
    return _act(request, contact_id, lambda: services.set_status(
        request.user, contact_id, request.POST.get("status", "")))


@login_required
def codes(request: HttpRequest) -> HttpResponse:
    """Outreach codes: the list with scan counts, and a form for a new one."""
    from . import outreach

    if not request.user.can("intake.outreach"):
        return forbidden(request)
    errors: dict[str, str] = {}
    data: dict[str, str] = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in (
            "label", "language", "country", "city", "hotline", "message")}
        try:
            outreach.create(request.user, data)
            messages.success(request, _("Code made. Print it from the list."))
            return redirect("intake:codes")
        except services.IntakeError as error:
            errors = error.errors
    return render(request, "intake/codes.html", {
        "codes": list(outreach.codes(request.user)), "errors": errors, "data": data,
        "help_languages": settings.LANGUAGES, "url": outreach.url},
        status=400 if errors else 200)


@login_required
def code_file(request: HttpRequest, code_id: Any, kind: str) -> HttpResponse:
    from . import outreach

    code = outreach.get(request.user, code_id)
    content_type = {"svg": "image/svg+xml", "pdf": "application/pdf"}[kind]
    response = HttpResponse(outreach.qr(code, kind), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="help-{code.slug}.{kind}"'
    return response


@login_required
def notification(request: HttpRequest) -> HttpResponse:
    """File an anonymous notification (no identifying data)."""
    if not request.user.can("intake.log"):
        return forbidden(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in (
            "gender", "age_band", "citizenship", "country_of_exploitation")}
        data["exploitation_types"] = request.POST.getlist("exploitation_types")
        try:
            services.notify_anonymously(request.user, data)
            messages.success(request, _("Anonymous notification filed."))
            return redirect("intake:queue")
        except services.IntakeError as error:
            errors = error.errors
    from tipnet.codelists import services as codelists

    from .models import AnonymousNotification

    return render(request, "intake/notification.html", {
        "errors": errors, "genders": codelists.choices("gender"),
        "countries": codelists.choices("country"),
        "exploitation": codelists.choices("exploitation_type"),
        "age_bands": AnonymousNotification.AGE_BANDS}, status=400 if errors else 200)
