"""The public, anonymous report page: no login, no cookies, nothing about the reporter kept.

* Nothing identifying is stored: no IP address, user agent or referrer goes into the report or
  the audit log. The page sets no cookie: no session, and instead of a CSRF cookie the form
  carries a signed timestamp (``token``), which also tells a form filled in under three
  seconds (a script) from a person.
* Spam without a third-party CAPTCHA: that timing, a honeypot field people do not see, a
  size limit, and a rate limit per client — counted in the cache under a keyed hash of the
  address that changes every hour, never written to the database.
* "Quick exit" leaves at once for a neutral site and replaces the history entry (script), or
  is a plain link without it.
* Reports go to the organisation set by ``TIPNET_PUBLIC_REPORT_ORGANISATION`` (its case
  prefix), into its hotline queue like any contact (channel ``web_report``).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from tipnet.accounts.models import Organisation
from tipnet.lib.http import client_address

from . import services

SALT = "tipnet.intake.public-report"
MIN_SECONDS = 3
MAX_AGE = 2 * 3600
LANGUAGES = {code for code, _ in settings.LANGUAGES}


def receiving_organisation() -> Organisation | None:
    prefix = getattr(settings, "TIPNET_PUBLIC_REPORT_ORGANISATION", "")
    return Organisation.objects.filter(case_prefix=prefix, is_active=True).first() \
        if prefix else None


def _token() -> str:
    return signing.dumps({"t": int(time.time())}, salt=SALT)


def _token_age(token: str) -> float | None:
    try:
        issued = signing.loads(token, salt=SALT, max_age=MAX_AGE)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    age = time.time() - issued
    return age if age <= MAX_AGE else None


def _over_limit(request: HttpRequest) -> bool:
    """Count this client's reports this hour; the key is a keyed hash of its address and the
    hour, kept in the cache for an hour and never stored anywhere else."""
    hour = int(time.time() // 3600)
    key = hmac.new(settings.SECRET_KEY.encode(), f"{hour}:{client_address(request)}".encode(),
                   hashlib.sha256).hexdigest()[:32]
    name = f"public-report:{key}"
    cache.add(name, 0, timeout=3600)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=3600)
        count = 1
    return count > settings.TIPNET_PUBLIC_REPORTS_PER_HOUR


def _respond(request: HttpRequest, template: str, context: dict[str, Any],
             status: int = 200) -> HttpResponse:
    context = {"exit_url": settings.TIPNET_QUICK_EXIT_URL, **context}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The discreet help page an outreach code opens: counted, nothing about the visitor
    kept."""
    from . import outreach
    from .models import OutreachCode

    code = OutreachCode.objects.filter(slug=slug[:16], is_active=True,
                                       organisation__is_active=True).first()
    if code is None:
        raise Http404("No such page.")
    if request.method == "GET":
        outreach.count_scan(code)
    with translation.override(code.language):
        return _respond(request, "intake/public/help.html", {
            "lang": code.language, "code": code,
            "numbers": [line.strip() for line in code.hotline.splitlines() if line.strip()],
            "services": outreach.nearby_services(code),
            "report_url": reverse("public_report_lang", args=[code.language])
            if receiving_organisation() else ""})


@csrf_exempt  # no cookie on the reporter's device: the form's signed token stands in
@never_cache
def report(request: HttpRequest, lang: str = "") -> HttpResponse:
    lang = lang or translation.get_language_from_request(request) or "en"
    if lang not in LANGUAGES:
        raise Http404("No such language.")
    organisation = receiving_organisation()
    if organisation is None:
        raise Http404("Public reporting is not set up here.")
    with translation.override(lang):
        errors: dict[str, str] = {}
        data: dict[str, Any] = {}
        if request.method == "POST":
            data = {k: request.POST.get(k, "") for k in (
                "narrative", "location", "country", "caller_contact")}
            age = _token_age(request.POST.get("token", ""))
            if request.POST.get("website"):  # the honeypot: people never see it
                return _respond(request, "intake/public/thanks.html", {"lang": lang})
            if age is None:
                errors[""] = translation.gettext(
                    "This form has expired. Your text is still below: send it again.")
            elif age < MIN_SECONDS:
                errors[""] = translation.gettext(
                    "That was very fast. Please check your report and send it again.")
            elif _over_limit(request):
                return _respond(request, "intake/public/report.html", {
                    "lang": lang, "token": _token(), "data": data, "errors": {
                        "": translation.gettext("Too many reports from here in the last "
                                                "hour. Please try again later, or call the "
                                                "hotline.")}}, status=429)
            if not errors:
                try:
                    services.receive_public(organisation, {
                        **data, "language": lang,
                        "flags": ["immediate_danger"] if request.POST.get("danger") else []})
                    return _respond(request, "intake/public/thanks.html", {"lang": lang})
                except services.IntakeError as error:
                    errors = {k: translation.gettext("Please check this field.")
                              + f" ({message})" for k, message in error.errors.items()}
        return _respond(request, "intake/public/report.html", {
            "lang": lang, "token": _token(), "data": data, "errors": errors,
            "languages": settings.LANGUAGES}, status=400 if errors else 200)
