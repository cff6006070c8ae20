"""Case pages: list and search, create and edit, the case page with its parts and access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipnet.audit import services as audit
from tipnet.codelists import services as codelists
from tipnet.lib.http import forbidden

from . import attachments, notes, services
from .access_log import access_log
from .forms import (
    AttachmentForm,
    CaseForm,
    CommentForm,
    ConsentForm,
    EraseForm,
    SearchForm,
    child_formsets,
    formset_rows,
)
from .paging import CappedPaginator
from .serialise import case_dict


def _apply_errors(errors: dict[str, str], form, formsets) -> None:  # type: ignore[no-untyped-def]
    for path, message in errors.items():
        parts = path.split(".")
        if parts[0] == "person" and len(parts) > 1 and parts[1] in form.fields:
            form.add_error(parts[1], message)
        elif parts[0] in formsets and len(parts) > 1 and parts[1].isdigit():
            fs = formsets[parts[0]]
            idx = int(parts[1])
            changed = [f for f in fs.forms if f.has_changed()]
            target = changed[idx] if idx < len(changed) else None
            field = parts[2] if len(parts) > 2 else None
            if target is not None and field in target.fields:
                target.add_error(field, message)
            else:
                form.add_error(None, f"{path}: {message}")
        elif parts[0] in form.fields:
            form.add_error(parts[0], message)
        else:
            form.add_error(None, f"{path}: {message}")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    params: dict[str, Any] = {}
    if form.is_valid():
        params = {k: v for k, v in form.cleaned_data.items() if v}
        params = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in params.items()}
    try:
        qs = services.find_cases(request.user, params)
    except services.CaseDataError as exc:
        for key, msg in exc.errors.items():
            form.add_error(key if key in form.fields else None, msg)
        qs = services.visible_cases(request.user).none()
    page = CappedPaginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "cases/_results.html" if request.headers.get("HX-Request") else "cases/list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode(),
                                      "can_create": request.user.can("case.create")})


def _case_form_page(request: HttpRequest, case=None) -> HttpResponse:  # type: ignore[no-untyped-def]
    can_decide = request.user.can("case.decide_status")
    initial, child_initial = ({}, None)
    if case is not None:
        data = case_dict(case)
        initial = {**data["person"], **{k: v for k, v in data.items() if k != "person"}}
        initial["aliases"] = "\n".join(data["aliases"])
        child_initial = {k: data[k] for k in ("documents", "contacts", "movements",
                                              "perpetrators")}
    form = CaseForm(request.POST or None, initial=initial, can_decide=can_decide)
    formsets = child_formsets(request.POST or None, initial=child_initial)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid()
                                                            for fs in formsets.values()):
        data = form.to_data()
        for name, fs in formsets.items():
            data[name] = formset_rows(fs)
        try:
            if case is None:
                case = services.create_case(request.user, data)
                messages.success(request, _("Case %(ref)s created.") % {"ref": case.reference})
            else:
                case = services.update_case(request.user, case.pk, data)
                messages.success(request, _("Case %(ref)s saved.") % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.pk)
        except services.CaseDataError as exc:
            _apply_errors(exc.errors, form, formsets)
    return render(request, "cases/form.html", {"form": form, "formsets": formsets, "case": case})


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    if not request.user.can("case.create"):
        return forbidden(request)
    return _case_form_page(request)


@login_required
def case_edit(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        access = services.get_case(request.user, case_id, permission="case.change")
    except services.PermissionDenied:
        return forbidden(request)
    case = services.case_detail_queryset().get(pk=access.case.pk)
    if request.method == "GET":
        audit.record("view", user=request.user, obj=case, detail={"page": "edit"})
    return _case_form_page(request, case)


@login_required
def case_detail(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    access = services.open_case(request.user, case_id,
                                include_deleted=request.user.can("case.restore"))
    case = access.case
    if access.groups is not None:
        # Shared with this organisation: rendered from the scoped data only, so that nothing
        # outside the groups shared can reach the page.
        return render(request, "cases/shared.html", {
            "case": case_dict(case, access.groups), "access": access,
            "groups": sorted(access.groups),
            "sections": [section(request, access) for section in _sections()]})
    return render(request, "cases/detail.html", {
        "case": case, "access": access, "label": codelists.label,
        "comment_form": CommentForm(), "consent_form": ConsentForm(),
        "attachment_form": AttachmentForm(), "erase_form": EraseForm(),
        "log": access_log(case, request.user, limit=20),
        "members": (services.assignable_members(case) if "case.assign" in access.permissions
                    else []),
        "sections": [section(request, access) for section in _sections()],
    })


def _sections():  # type: ignore[no-untyped-def]
    """Sections other apps add to the case page (settings.TIPNET_CASE_PAGE_SECTIONS): each a
    callable (request, access) -> HTML. Cases never import those apps."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return [import_string(path) for path in getattr(settings, "TIPNET_CASE_PAGE_SECTIONS", [])]


@login_required
def case_access_log(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    access = services.get_case(request.user, case_id, group="own",
                               include_deleted=request.user.can("case.restore"))
    audit.record("view", user=request.user, obj=access.case, detail={"page": "access_log"})
    return render(request, "cases/access_log.html",
                  {"case": access.case, "log": access_log(access.case, request.user)})


def _post_action(request: HttpRequest, case_id, fn) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        fn()
    except services.PermissionDenied:
        return forbidden(request)
    except services.CaseDataError as exc:
        for key, msg in exc.errors.items():
            messages.error(request, f"{key}: {msg}")
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def comment_add(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    form = CommentForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return _post_action(request, case_id,
                        lambda: notes.add_comment(request.user, case_id, text))


@login_required
@require_POST
def consent_add(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The consent record is incomplete."))
        return redirect("cases:detail", case_id=case_id)
    return _post_action(request, case_id,
                        lambda: notes.record_consent(request.user, case_id, form.cleaned_data))


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, case_id, consent_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    return _post_action(request, case_id,
                        lambda: notes.withdraw_consent(request.user, case_id, consent_id))


@login_required
@require_POST
def attachment_add(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("cases:detail", case_id=case_id)
    return _post_action(request, case_id, lambda: attachments.add_attachment(
        request.user, case_id, form.cleaned_data["file"], form.cleaned_data["description"]))


@login_required
def attachment_download(request: HttpRequest, case_id, attachment_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    att, data = attachments.read_attachment(request.user, case_id, attachment_id)
    response = HttpResponse(data, content_type="application/octet-stream")
    safe = "".join(ch for ch in att.filename if ch.isalnum() or ch in "._- ") or "attachment"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    def assign() -> None:
        case = services.assign_case(request.user, case_id, owner_id=request.POST.get("owner"))
        messages.success(request, _("Case %(ref)s assigned to %(user)s.")
                         % {"ref": case.reference, "user": case.owner.username})
    return _post_action(request, case_id, assign)


@login_required
@require_POST
def case_delete(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        case = services.delete_case(request.user, case_id)
    except services.PermissionDenied:
        return forbidden(request)
    messages.success(request, _("Case %(ref)s deleted. An organisation administrator can "
                                "restore it.") % {"ref": case.reference})
    return redirect("cases:list")


@login_required
@require_POST
def case_restore(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        case = services.restore_case(request.user, case_id)
    except services.PermissionDenied:
        return forbidden(request)
    messages.success(request, _("Case %(ref)s restored.") % {"ref": case.reference})
    return redirect("cases:detail", case_id=case.pk)


@login_required
def case_erase(request: HttpRequest, case_id) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        access = services.get_case(request.user, case_id, permission="case.erase",
                                   include_deleted=True)
    except services.PermissionDenied:
        return forbidden(request)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ref = services.erase_case(request.user, case_id, **form.cleaned_data)
            messages.success(request, _("Case %(ref)s and all its personal data were erased.")
                             % {"ref": ref})
            return redirect("cases:list")
        except services.CaseDataError as exc:
            for key, msg in exc.errors.items():
                form.add_error(key if key in form.fields else None, msg)
    return render(request, "cases/erase.html", {"case": access.case, "form": form})


@login_required
def deleted_list(request: HttpRequest) -> HttpResponse:
    if not request.user.can("case.restore"):
        return forbidden(request)
    audit.record("list", user=request.user, object_type="cases.case",
                 detail={"filters": ["deleted"]})
    return render(request, "cases/deleted.html",
                  {"cases": services.deleted_cases(request.user)[:200]})


