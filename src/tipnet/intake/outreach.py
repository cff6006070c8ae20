"""Discreet outreach codes: printable QR codes (SVG, PDF) that open a help page for a place
and a language — hotline numbers and nearby services from the directory — with quick exit.
Scans are counted per code and day; nothing about the person who scanned is kept (no
cookie, no address, no user agent)."""

from __future__ import annotations

import io
import secrets
from typing import Any

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.codelists import services as codelists
from tipnet.directory import services as directory

from . import services
from .models import OutreachCode, OutreachScanDay

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes: codes are also typed


def new_slug() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def url(code: OutreachCode) -> str:
    return settings.TIPNET_BASE_URL + reverse("outreach_page", args=[code.slug])


def create(user: Any, data: dict[str, Any], *, via: str = "web") -> OutreachCode:
    services.require(user, "intake.outreach", via)
    errors: dict[str, str] = {}
    label = str(data.get("label") or "").strip()[:200]
    if not label:
        errors["label"] = "say where the code will be placed"
    language = data.get("language") or "en"
    if language not in {c for c, _ in settings.LANGUAGES}:
        errors["language"] = "the help page exists in en, fr, es and ar"
    country = str(data.get("country") or "").upper()
    if country not in codelists.get("country").codes:
        errors["country"] = "is not a country code"
    hotline = str(data.get("hotline") or "").strip()[:1000]
    if not hotline:
        errors["hotline"] = "give at least one number to call"
    if errors:
        raise services.IntakeError(errors)
    for _ in range(5):
        try:
            with transaction.atomic():
                code = OutreachCode.objects.create(
                    organisation=user.organisation, slug=new_slug(), label=label,
                    language=language, country=country,
                    city=str(data.get("city") or "").strip()[:120], hotline=hotline,
                    message=str(data.get("message") or "").strip()[:1000], created_by=user)
                audit.record("create", user=user, obj=code, via=via)
                return code
        except IntegrityError:  # the same random slug twice: draw again
            continue
    raise RuntimeError("could not draw a free code")


def codes(user: Any) -> Any:
    if not (getattr(user, "is_authenticated", False) and user.organisation_id
            and user.can("intake.outreach")):
        return OutreachCode.objects.none()
    return (OutreachCode.objects.filter(organisation_id=user.organisation_id)
            .annotate(scanned=Sum("scans__count")))


def get(user: Any, code_id: Any) -> OutreachCode:
    from django.http import Http404

    from tipnet.cases.access import as_uuid

    pk = as_uuid(code_id)
    code = codes(user).filter(pk=pk).first() if pk else None
    if code is None:
        raise Http404("No such code.")
    return code


def qr(code: OutreachCode, kind: str) -> bytes:
    """The code as SVG or PDF (error correction level M, with a quiet zone)."""
    out = io.BytesIO()
    segno.make(url(code), error="m").save(out, kind=kind, scale=8, border=4,
                                          **({"title": "QR"} if kind == "svg" else {}))
    return out.getvalue()


def count_scan(code: OutreachCode) -> None:
    day = timezone.localdate()
    updated = OutreachScanDay.objects.filter(code=code, day=day).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                OutreachScanDay.objects.create(code=code, day=day, count=1)
        except IntegrityError:  # created meanwhile by another scan
            OutreachScanDay.objects.filter(code=code, day=day).update(count=F("count") + 1)


def nearby_services(code: OutreachCode, limit: int = 8) -> list[Any]:
    """Active services of verified counterparts where the code is (its town, else its
    country): the page is public, so only what someone has checked."""
    def verified(params: dict[str, str]) -> list[Any]:
        return [s for s in directory.search(params, limit=200)
                if s.counterpart.verification == "Verified"][:limit]

    found = verified({"country": code.country.code, "area": code.city}) if code.city else []
    return found or verified({"country": code.country.code})
