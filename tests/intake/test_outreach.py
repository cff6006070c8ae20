"""Discreet outreach codes: printable QR codes for a help page; scans counted, nothing about
the person kept."""

from __future__ import annotations

import io

import pytest
import segno

from tipnet.audit.models import AuditEntry
from tipnet.intake import outreach
from tipnet.intake.models import OutreachScanDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(org, make_user):
    return make_user(org, "supervisor")


@pytest.fixture
def code(supervisor):
    return outreach.create(supervisor, {
        "label": "Bus station, women's restroom", "language": "es", "country": "NP",
        "city": "Kathmandu", "hotline": "1145 — gratuito, 24 horas\n+977 1 4000000",
        "message": "Si alguien te quitó el pasaporte, no estás sola."})


def test_the_printed_code_opens_the_help_page(code, settings, client):
    expected = f"{settings.TIPNET_BASE_URL}/h/{code.slug}/"
    for kind in ("svg", "pdf"):
        mine = io.BytesIO()
        segno.make(expected, error="m").save(mine, kind=kind, scale=8, border=4,
                                               **({"title": "QR"} if kind == "svg" else {}))
        if kind == "svg":  # the same QR as one made for the expected address
            assert outreach.qr(code, kind) == mine.getvalue()
    assert outreach.qr(code, "pdf").startswith(b"%PDF")
    page = client.get(f"/h/{code.slug}/")
    assert page.status_code == 200
    assert "1145" in page.content.decode() and 'lang="es"' in page.content.decode()


def test_the_help_page_lists_nearby_services_from_the_directory(code, client):
    from tipnet.directory.models import Counterpart, Location, Phone, Service

    cp = Counterpart.objects.create(name="Safe House Kathmandu", description="x", country="NP",
                                    verification="Verified")
    unchecked = Counterpart.objects.create(name="Unchecked Place", description="x",
                                           country="NP")
    Service.objects.create(counterpart=unchecked, name="Rooms", service_types=["Other"])
    svc = Service.objects.create(counterpart=cp, name="Shelter", service_types=["EmergencyShelter"])
    svc.locations.add(Location.objects.create(counterpart=cp, country="NP", city="Kathmandu"))
    Phone.objects.create(service=svc, number="+977 1 4111111")
    page = client.get(f"/h/{code.slug}/").content.decode()
    assert "Safe House Kathmandu" in page and "+977 1 4111111" in page
    assert "Unchecked Place" not in page  # not verified: not on a public page


def test_scans_are_counted_and_nothing_about_the_visitor_is_kept(code, client):
    before = AuditEntry.objects.count()
    for _ in range(3):
        got = client.get(f"/h/{code.slug}/", REMOTE_ADDR="203.0.113.50",
                         HTTP_USER_AGENT="Phone of someone")
        assert not got.cookies and "no-store" in got["Cache-Control"]
    assert OutreachScanDay.objects.get(code=code).count == 3
    assert AuditEntry.objects.count() == before  # a scan is not an event about anyone
    assert "203.0.113.50" not in str(list(OutreachScanDay.objects.values()))
    assert "Bus station" not in client.get(f"/h/{code.slug}/").content.decode()


def test_codes_of_another_organisation_cannot_be_downloaded(code, other_org, make_user,
                                                           verified_client):
    stranger = make_user(other_org, "supervisor")
    got = verified_client(stranger).get(f"/intake/codes/{code.pk}/qr.svg")
    assert got.status_code == 404


def test_the_codes_page_makes_and_lists_codes(supervisor, verified_client):
    client = verified_client(supervisor)
    bad = client.post("/intake/codes/", {"label": "", "language": "xx", "country": "ZZ",
                                         "hotline": ""})
    assert bad.status_code == 400
    made = client.post("/intake/codes/", {"label": "Clinic", "language": "fr", "country": "NP",
                                          "hotline": "1145"})
    assert made.status_code == 302
    from tipnet.intake.models import OutreachCode

    made_code = OutreachCode.objects.get(label="Clinic")
    page = client.get("/intake/codes/").content.decode()
    assert "Clinic" in page and f"/intake/codes/{made_code.pk}/qr.svg" in page
    svg = client.get(f"/intake/codes/{made_code.pk}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml")


def test_an_inactive_or_unknown_code_shows_nothing(code, client):
    code.is_active = False
    code.save()
    assert client.get(f"/h/{code.slug}/").status_code == 404
    assert client.get("/h/nope/").status_code == 404
    assert not OutreachScanDay.objects.exists()


def test_roles_without_outreach_cannot_make_codes(org, make_user):
    from tipnet.intake import services

    with pytest.raises(services.PermissionDenied):
        outreach.create(make_user(org, "hotline_operator"), {"label": "x"})
