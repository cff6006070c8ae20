"""Two organisations on one deployment: Safe Passage NGO (Nepal) refers, Harbour Shelter
(India) receives."""

from __future__ import annotations

import pytest


@pytest.fixture
def sender(org, make_user):
    user = make_user(org, "caseworker", team="Protection")
    user.email = "caseworker@spn.example"
    user.save()
    return user


@pytest.fixture
def supervisor(org, make_user):
    user = make_user(org, "supervisor")
    user.email = "supervisor@spn.example"
    user.save()
    return user


@pytest.fixture
def receiver(other_org, make_user):
    user = make_user(other_org, "caseworker", team="Shelter")
    user.email = "caseworker@hbs.example"
    user.save()
    return user


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
