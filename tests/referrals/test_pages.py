"""The referral pages with the Django test client: the form, the dashboard, the answers."""

from __future__ import annotations

import pytest

from tipnet.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_refer_from_the_form_then_answer_from_the_dashboard(
        consented_case, sender, receiver, other_org, verified_client, client):
    page = verified_client(sender).get(f"/cases/{consented_case.pk}/")
    assert f"/referrals/new/{consented_case.pk}/" in page.content.decode()
    form = client.get(f"/referrals/new/{consented_case.pk}/")
    assert form.status_code == 200
    sent = client.post(f"/referrals/new/{consented_case.pk}/", {
        "kind": "referral", "to_organisation": str(other_org.uuid),
        "service_type": "MedicalCare", "groups": ["identity"], "message": "Clinic please"})
    referral = Referral.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/referrals/{referral.pk}/"
    client.logout()
    verified_client(receiver)
    dashboard = client.get("/referrals/").content.decode()
    assert consented_case.reference in dashboard
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Clinic please" in detail and 'id="form-accept"' in detail
    client.post(f"/referrals/{referral.pk}/accept/", {"reason": ""})
    assert Referral.objects.get().status == "accepted"


def test_form_shows_errors_and_keeps_input(sender, make_case, other_org, verified_client):
    case = make_case(sender)
    client = verified_client(sender)
    got = client.post(f"/referrals/new/{case.pk}/", {
        "kind": "referral", "to_organisation": str(other_org.uuid),
        "service_type": "MedicalCare", "message": "Keep this text"})
    assert got.status_code == 400
    text = got.content.decode()
    assert "consent does not cover" in text and "Keep this text" in text
    assert not Referral.objects.exists()


def test_unknown_action_and_forged_ids(consented_case, refer, receiver, verified_client):
    referral = refer(consented_case)
    client = verified_client(receiver)
    client.post(f"/referrals/{referral.pk}/explode/", {"reason": "x"})
    assert Referral.objects.get().status == "sent"
    assert client.get("/referrals/6f1c1f7e-0000-4000-8000-000000000000/").status_code == 404


def test_assign_within_the_organisation(consented_case, supervisor, sender, make_user, org,
                                        other_org, verified_client, api):
    colleague = make_user(org, "caseworker", username="colleague")
    outsider = make_user(other_org, "caseworker", username="outsider")
    client = verified_client(supervisor)
    page = client.get(f"/cases/{consented_case.pk}/").content.decode()
    assert 'id="assign-form"' in page
    client.post(f"/cases/{consented_case.pk}/assign/", {"owner": colleague.pk})
    consented_case.refresh_from_db()
    assert consented_case.owner == colleague
    got = api(supervisor).post(f"/api/cases/{consented_case.pk}/assign", {"owner": outsider.pk})
    assert got.status_code == 400
    assert api(sender).post(f"/api/cases/{consented_case.pk}/assign",
                            {"owner": sender.pk}).status_code == 403
    consented_case.refresh_from_db()
    assert consented_case.owner == colleague
