"""Sign-in with password and TOTP, first-time TOTP enrolment, sign-out."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tipnet.audit import services as audit

from . import mfa
from .forms import LoginForm, TotpConfirmForm
from .signals import known_account


def _next_url(request: HttpRequest) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return settings.LOGIN_REDIRECT_URL


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
    pk, username = known_account((credentials or {}).get("username"))
    audit.record("locked_out", object_type="accounts.user", object_id=pk or "",
                 detail={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=403)


@sensitive_post_parameters("password", "otp_token")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username,
                            password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request, {"username": username})
        if user is not None and user.organisation_id and not user.organisation.is_active:
            audit.record("denied", user=user, object_type="accounts.user", object_id=user.pk,
                         detail={"reason": "organisation suspended"})
            form.add_error(None, _("Your organisation's access to tipnet is suspended."))
        elif user is None:
            form.add_error(None, _("Wrong username or password."))
        else:
            device = mfa.confirmed_device(user)
            if device is None:
                login(request, user)
                return redirect("accounts:mfa_setup")
            if mfa.check(device, form.cleaned_data["otp_token"]):
                login(request, user)
                otp_login(request, device)
                return redirect(_next_url(request))
            # A wrong second factor counts towards the lockout like a wrong password.
            user_login_failed.send(sender=__name__, request=request,
                                   credentials={"username": username, "stage": "otp"})
            form.add_error("otp_token", _("That code is not valid. Check your device's clock "
                                          "and try the current code."))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@never_cache
def mfa_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    if mfa.confirmed_device(user) is not None:
        # Signed in by password only (e.g. an old session): sign in again with the code.
        logout(request)
        return redirect("accounts:login")
    device = mfa.pending_device(user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.check(device, form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record("mfa_enrolled", user=user, object_type="accounts.user",
                         object_id=user.pk)
            return redirect(settings.LOGIN_REDIRECT_URL)
        audit.record("mfa_failed", user=user, object_type="accounts.user", object_id=user.pk)
        form.add_error("otp_token", _("That code is not valid. Try the current code."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/mfa_setup.html",
                  {"form": form, "qr_svg": qr_svg, "secret": secret})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
