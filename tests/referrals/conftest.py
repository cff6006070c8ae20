"""Two organisations on one deployment: Safe Passage NGO (Nepal) refers, Harbour Shelter
(India) receives."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from tipnet.federation import envelope


@pytest.fixture
def sender(org, make_user):
    return make_user(org, "caseworker", team="Protection", email="caseworker@spn.example")


@pytest.fixture
def supervisor(org, make_user):
    return make_user(org, "supervisor", email="supervisor@spn.example")


@pytest.fixture
def receiver(other_org, make_user):
    return make_user(other_org, "caseworker", team="Shelter", email="caseworker@hbs.example")


@pytest.fixture
def consent():
    from tipnet.cases import notes

    def give(user, case, *scopes, given=True, organisations=None):
        return [notes.record_consent(user, case.pk, {
            "scope": s, "given": given, "given_by_name": "Guardian Othername",
            "notes": "private consent note", **({"organisations": organisations}
                                               if organisations else {})}) for s in scopes]
    return give


@pytest.fixture
def consented_case(sender, make_case, consent):
    case = make_case(sender)
    consent(sender, case, "share_with_organisations", "services")
    return case


@pytest.fixture
def refer(sender, other_org):
    from tipnet.referrals import services

    def send(case, user=None, **data):
        payload = {"to_organisation": str(other_org.uuid), "service_type": "EmergencyShelter",
                   "groups": ["identity"], **data}
        return services.send(user or sender, case.pk, payload)
    return send


@pytest.fixture
def listed():
    """A directory entry (counterpart, one service, one location) made directly."""
    from tipnet.directory.models import Counterpart, Location, Service

    def make(name, *, tenant=None, country="IN", types=("EmergencyShelter",), populations=(),
             languages=(), exploitation=(), lat=None, lon=None, capacity=None,
             verification="Verified", min_age=None, max_age=None):
        cp = Counterpart.objects.create(name=name, description=name, country=country,
                                        tenant=tenant, verification=verification)
        svc = Service.objects.create(counterpart=cp, name=f"{name} service",
                                     service_types=list(types), populations=list(populations),
                                     languages=list(languages), capacity=capacity,
                                     exploitation_types=list(exploitation),
                                     minimum_age=min_age, maximum_age=max_age)
        loc = Location.objects.create(counterpart=cp, country=country, latitude=lat,
                                      longitude=lon, city=name)
        svc.locations.add(loc)
        return svc
    return make


@pytest.fixture
def peer(make_org, make_user):
    """Another deployment, registered here as a peer (its keys held by the test)."""
    from tests.federation.conftest import card_of
    from tipnet.federation import services as federation

    admin = make_user(make_org(name="Platform", country="NP", prefix="PLT"), "system_admin")
    federation.create_identity(admin, name="Here", base_url="https://here.example.org")
    keys = envelope.PrivateIdentity.generate()
    return federation.add_peer(admin, card_of(keys),
                               fingerprint=envelope.grouped(keys.public.fingerprint))


@pytest.fixture
def package(other_org):
    """A referral package from that peer to Harbour Shelter, as federation hands it over."""
    return {"id": str(uuid.uuid4()), "kind": "referral", "to_organisation": str(other_org.uuid),
            "from_organisation": {"id": str(uuid.uuid4()), "name": "Far NGO", "country": "NP"},
            "service_type": "EmergencyShelter", "groups": ["basic", "identity"],
            "message": "Please help", "urgent": False, "basis": "consent",
            "override_reason": "",
            "sent_at": timezone.now().isoformat(),
            "respond_by": (timezone.now() + dt.timedelta(hours=72)).isoformat(),
            "record": {"prs_FirstName": "Mira", "prs_Gender": "Feminine", "cas_Status": "Active",
                       "con_Consents": [{"con_Consent": True,
                                         "x_tipnet_Scope": "share_with_organisations",
                                         "x_tipnet_GivenAt": "2026-01-01T10:00:00+00:00"}]}}
