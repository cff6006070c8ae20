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
import ipaddress
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from tipnet.accounts.models import Organisation
from tipnet.lib import counters
from tipnet.lib.http import client_address

from . import services

SALT = "tipnet.intake.public-report"
HONEYPOT = "leave_this_empty"  # a name no password manager fills in
MIN_SECONDS = 3
MAX_AGE = 2 * 3600
LANGUAGES = {code for code, _ in settings.LANGUAGES}


def receiving_organisation() -> Organisation | None:
    prefix = getattr(settings, "TIPNET_PUBLIC_REPORT_ORGANISATION", "")
    return Organisation.objects.filter(case_prefix=prefix, is_active=True).first() \
        if prefix else None


def _token() -> str:
    return signing.dumps({"t": int(time.time()), "n": secrets.token_urlsafe(12)}, salt=SALT)


def _token_check(token: str) -> tuple[float | None, str]:
    """(age in seconds, nonce) of a form token; age None when forged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        age, nonce = time.time() - data["t"], str(data.get("n", ""))
    except (signing.BadSignature, KeyError, TypeError):
        return None, ""
    return (age if age <= MAX_AGE else None), nonce


def _spend(nonce: str) -> bool:
    """A form token is good for one report: True the first time its nonce is seen."""
    return bool(nonce) and cache.add(f"public-report-nonce:{nonce}", 1, timeout=MAX_AGE + 60)


def _client_key(request: HttpRequest) -> str:
    """The client, as the limit sees it: an IPv6 address by its /64 (one household or phone
    gets a whole /64), an IPv4 address as it is."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _over_limit(request: HttpRequest) -> bool:
    """Count this client's reports this hour, and all public reports this hour; the client
    key is a keyed hash of its address and the hour, kept in the cache for an hour and never
    stored anywhere else."""
    hour = int(time.time() // 3600)
    key = hmac.new(settings.SECRET_KEY.encode(), f"{hour}:{_client_key(request)}".encode(),
                   hashlib.sha256).hexdigest()[:32]
    mine = counters.count(f"public-report:{key}", 3600)
    everyone = counters.count(f"public-report-all:{hour}", 3600)
    return (mine > settings.TIPNET_PUBLIC_REPORTS_PER_HOUR
            or everyone > settings.TIPNET_PUBLIC_REPORTS_ALL_PER_HOUR)


def _cross_site(request: HttpRequest) -> bool:
    """A form posted from another site (a hidden form elsewhere flooding the queue)."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin != "null" and \
        urlsplit(origin).netloc != request.get_host()


def _respond(request: HttpRequest, template: str, context: dict[str, Any],
             status: int = 200) -> HttpResponse:
    context = {"exit_url": settings.TIPNET_QUICK_EXIT_URL, **context}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def not_found(request: HttpRequest) -> HttpResponse:
    """A neutral "not found" for public addresses (a code taken down but still printed on a
    wall): no cookie, no name of the software, quick exit."""
    return _respond(request, "intake/public/not_found.html", {"lang": "en"}, status=404)


@never_cache
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The discreet help page an outreach code opens: counted, nothing about the visitor
    kept."""
    from . import outreach
    from .models import OutreachCode

    code = OutreachCode.objects.filter(slug=slug[:16], is_active=True,
                                       organisation__is_active=True).first()
    if code is None:
        return not_found(request)
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
        return not_found(request)
    organisation = receiving_organisation()
    if organisation is None:
        return not_found(request)
    with translation.override(lang):
        errors: dict[str, str] = {}
        data: dict[str, Any] = {}
        if request.method == "POST":
            data = {k: request.POST.get(k, "") for k in (
                "narrative", "location", "country", "caller_contact")}
            age, nonce = _token_check(request.POST.get("token", ""))
            if _cross_site(request):
                return _respond(request, "intake/public/report.html", {
                    "lang": lang, "token": _token(), "data": data, "errors": {
                        "": translation.gettext("Please send the report from this page.")}},
                    status=403)
            if request.POST.get(HONEYPOT):  # people never see it; scripts fill it in
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
            if not errors and not _spend(nonce):
                errors[""] = translation.gettext(
                    "This form was already sent. Your text is still below: send it again if "
                    "it is a new report.")
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
