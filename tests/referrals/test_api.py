"""The referrals API: the same services and checks as the pages, one error format."""

from __future__ import annotations

import pytest

from tipnet.referrals.models import Referral

pytestmark = pytest.mark.django_db


def body(case, org, **extra):
    return {"case_id": str(case.pk), "to_organisation": str(org.uuid),
            "service_type": "LegalAid", "groups": ["identity"], **extra}


def test_send_list_answer_through_the_api(consented_case, sender, receiver, other_org, api):
    sent = api(sender).post("/api/referrals", body(consented_case, other_org,
                                                  message="Needs a lawyer"))
    assert sent.status_code == 201, sent.json()
    referral = sent.json()
    assert referral["status"] == "sent" and referral["direction"] == "outgoing"
    assert referral["groups"] == ["basic", "identity"]
    inbox = api(receiver).get("/api/referrals", box="incoming").json()
    assert [r["id"] for r in inbox] == [referral["id"]]
    assert inbox[0]["direction"] == "incoming" and inbox[0]["message"] == "Needs a lawyer"
    assert api(sender).get("/api/referrals", box="incoming").json() == []  # not received
    accepted = api(receiver).post(f"/api/referrals/{referral['id']}/accept", {"reason": ""})
    assert accepted.json()["status"] == "accepted"
    completed = api(receiver).post(f"/api/referrals/{referral['id']}/complete",
                                   {"reason": "Case filed"})
    assert completed.json()["status"] == "completed"
    assert api(sender).get(f"/api/referrals/{referral['id']}").json()["status_reason"] == \
        "Case filed"


def test_consent_missing_gives_a_clear_400(sender, make_case, other_org, api):
    case = make_case(sender)
    got = api(sender).post("/api/referrals", body(case, other_org))
    assert got.status_code == 400
    assert "consent" in got.json()["errors"]
    assert not Referral.objects.exists()


def test_wrong_types_and_unknown_ids(consented_case, sender, receiver, other_org, api):
    client = api(sender)
    assert client.post("/api/referrals", {"case_id": 5}).status_code == 400
    assert client.post("/api/referrals", body(consented_case, other_org,
                                              groups="identity")).status_code == 400
    assert client.post("/api/referrals", body(consented_case, other_org,
                                              urgent="maybe")).status_code == 400
    missing = body(consented_case, other_org)
    missing["case_id"] = "6f1c1f7e-0000-4000-8000-000000000000"
    assert client.post("/api/referrals", missing).status_code == 404
    assert client.get("/api/referrals/not-an-id").status_code == 404
    assert api(receiver).post("/api/referrals/6f1c1f7e-0000-4000-8000-000000000000/accept",
                              {"reason": ""}).status_code == 404
    assert not Referral.objects.exists()


def test_another_organisations_case_cannot_be_referred(consented_case, other_org, receiver,
                                                       make_org, api):
    third = make_org(name="Third", country="BD", prefix="THD")
    got = api(receiver).post("/api/referrals", body(consented_case, third))
    assert got.status_code == 404
    assert not Referral.objects.exists()


def test_receiver_cannot_re_refer_a_shared_case(consented_case, refer, receiver, make_org, api):
    refer(consented_case)
    third = make_org(name="Third", country="BD", prefix="THD")
    got = api(receiver).post("/api/referrals", body(consented_case, third))
    assert got.status_code == 404  # shared for reading only, not the receiver's to pass on
    assert Referral.objects.count() == 1


def test_overdue_filter(consented_case, refer, sender, api):
    import datetime as dt

    from django.utils import timezone

    referral = refer(consented_case)
    assert api(sender).get("/api/referrals", box="outgoing", overdue="true").json() == []
    Referral.objects.filter(pk=referral.pk).update(
        respond_by=timezone.now() - dt.timedelta(hours=1))
    overdue = api(sender).get("/api/referrals", box="outgoing", overdue="true").json()
    assert [r["id"] for r in overdue] == [str(referral.pk)]


def test_openapi_describes_the_referral_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/referrals" in paths and "/api/referrals/{referral_id}/decline" in paths
