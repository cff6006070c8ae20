"""Regressions from the security review of referrals: transfers that would take a case from
whoever holds it, referrals outliving a transfer or a withdrawn consent, packages holding more
than they declare or staying after they close, refused packages nobody hears of."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest

from tipnet.cases import notes
from tipnet.referrals import consent as gate
from tipnet.referrals import federated, services
from tipnet.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def third(make_org, make_user):
    org = make_org(name="Third", country="BD", prefix="THD")
    return SimpleNamespace(org=org, user=make_user(org, "supervisor"))


def test_one_open_transfer_at_a_time(consented_case, refer, supervisor, third):
    refer(consented_case, user=supervisor, kind="transfer", service_type="")
    with pytest.raises(services.ReferralError) as error:
        refer(consented_case, user=supervisor, kind="transfer", service_type="",
              to_organisation=str(third.org.uuid))
    assert "kind" in error.value.errors
    assert Referral.objects.filter(kind="transfer").count() == 1


def test_a_transfer_revokes_the_other_open_referrals_of_the_case(
        consented_case, refer, supervisor, receiver, third, api):
    to_third = refer(consented_case, to_organisation=str(third.org.uuid),
                     groups=["identity"])
    third_reader = third.user
    assert api(third_reader).get(f"/api/cases/{consented_case.pk}").status_code == 200
    transfer = refer(consented_case, user=supervisor, kind="transfer", service_type="")
    services.change(receiver, transfer.pk, "accept")
    to_third.refresh_from_db()
    assert to_third.status == "revoked" and "transferred" in to_third.status_reason
    assert api(third_reader).get(f"/api/cases/{consented_case.pk}").status_code == 404


def test_a_referral_made_before_a_transfer_opens_nothing_after_it(
        consented_case, refer, supervisor, receiver, third, api):
    """Even a referral left open by hand: only the organisation holding the case shares it."""
    to_third = refer(consented_case, to_organisation=str(third.org.uuid))
    from tipnet.cases import services as cases

    cases.hand_over(consented_case.pk, receiver.organisation, owner=receiver, via="cli")
    assert Referral.objects.get(pk=to_third.pk).status == "sent"
    assert api(third.user).get(f"/api/cases/{consented_case.pk}").status_code == 404


def test_withdrawing_consent_revokes_open_referrals_so_a_transfer_cannot_be_accepted(
        consented_case, refer, supervisor, receiver, sender, org):
    transfer = refer(consented_case, user=supervisor, kind="transfer", service_type="")
    share = consented_case.consents.get(scope="share_with_organisations")
    notes.withdraw_consent(sender, consented_case.pk, share.pk)
    transfer.refresh_from_db()
    assert transfer.status == "revoked" and "consent" in transfer.status_reason
    with pytest.raises(services.ReferralError):
        services.change(receiver, transfer.pk, "accept")
    consented_case.refresh_from_db()
    assert consented_case.organisation == org


def test_an_override_survives_a_withdrawal(sender, supervisor, make_case, refer, consent,
                                           receiver, api):
    case = make_case(sender)
    consent(sender, case, "services")
    referral = refer(case, user=supervisor,
                     override_reason="Child at risk tonight, no time to ask")
    notes.withdraw_consent(sender, case.pk, case.consents.get(scope="services").pk)
    assert Referral.objects.get(pk=referral.pk).status == "sent"
    assert api(receiver).get(f"/api/cases/{case.pk}").status_code == 200


def test_a_deleted_case_is_not_readable_nor_acceptable_by_the_receiver(
        consented_case, refer, receiver, make_user, other_org, org_admin, api):
    from tipnet.cases import services as cases

    referral = refer(consented_case)
    cases.delete_case(org_admin, consented_case.pk)
    receiving_admin = make_user(other_org, "org_admin")
    for user in (receiver, receiving_admin):
        assert api(user).get(f"/api/cases/{consented_case.pk}").status_code == 404
    with pytest.raises(services.ReferralError):
        services.change(receiver, referral.pk, "accept")


def test_a_package_holding_more_than_its_groups_is_refused(peer, package, receiver):
    from tipnet.federation.services import Rejected

    package["groups"] = ["basic"]
    package["record"]["prs_SecondName"] = "Secretname"
    package["record"]["con_Consents"][0]["x_tipnet_GivenByName"] = "Her sister"
    with pytest.raises(Rejected) as refused:
        federated.receive(peer, package, None)
    reason = refused.value.reason
    assert "prs_FirstName" in reason and "prs_SecondName" in reason
    assert "con_Consents.x_tipnet_GivenByName" in reason
    assert "Secretname" not in reason and "sister" not in reason
    assert not Referral.objects.exists()


def test_a_refusal_names_paths_never_values(peer, package, receiver):
    from tipnet.federation.services import Rejected

    package["record"]["prs_Gender"] = "Mira Secretname"
    with pytest.raises(Rejected) as refused:
        federated.receive(peer, package, None)
    assert "prs_Gender" in refused.value.reason
    assert "Secretname" not in refused.value.reason


def test_a_closed_received_referral_keeps_no_package(peer, package, receiver,
                                                     verified_client):
    from tipnet.federation.models import InboxMessage

    InboxMessage.objects.create(peer=peer, kind="referral", payload=package,
                                idempotency_key=f"referral:{package['id']}:sent",
                                sent_at=dt.datetime.now(dt.UTC))
    federated.receive(peer, package, None)
    client = verified_client(receiver)
    assert "Mira" in client.get(f"/referrals/{package['id']}/").content.decode()
    federated.receive_status(peer, {"id": package["id"], "status": "revoked",
                                    "reason": "consent withdrawn"}, None)
    assert "Mira" not in client.get(f"/referrals/{package['id']}/").content.decode()
    assert Referral.objects.get(pk=package["id"]).package in ({}, None)
    assert InboxMessage.objects.get(idempotency_key=f"referral:{package['id']}:sent") \
        .payload in ({}, None)


def test_an_accepted_received_referral_lives_on_as_the_case_not_the_package(
        peer, package, receiver):
    federated.receive(peer, package, None)
    services.change(receiver, package["id"], "accept")
    referral = Referral.objects.get(pk=package["id"])
    assert referral.case.person.given_name == "Mira" and referral.package in ({}, None)


def test_the_web_form_sends_to_a_peer(peer, consented_case, sender, verified_client):
    got = verified_client(sender).post(f"/referrals/new/{consented_case.pk}/", {
        "kind": "referral", "service_type": "LegalAid", "peer": str(peer.pk),
        "remote_organisation": str(uuid.uuid4()), "remote_organisation_name": "Far"})
    referral = Referral.objects.get(peer=peer)
    assert got.status_code == 302 and got["Location"] == f"/referrals/{referral.pk}/"


def test_a_package_refused_by_the_peer_closes_the_referral_and_tells_the_sender(
        peer, consented_case, sender, django_capture_on_commit_callbacks):
    from django.core import mail

    from tipnet.federation.models import OutboxMessage
    from tipnet.federation.outbox import _record

    referral = services.send(sender, consented_case.pk, {
        "peer": str(peer.pk), "to_organisation": str(uuid.uuid4()),
        "service_type": "LegalAid", "to_organisation_name": "Far"})
    message = OutboxMessage.objects.get(idempotency_key=f"referral:{referral.pk}:sent")
    with django_capture_on_commit_callbacks(execute=True):
        _record(message, "rejected", {"reason": "to_organisation: no such active organisation"})
    referral.refresh_from_db()
    assert referral.status == "undeliverable"
    assert "no such active organisation" in referral.status_reason
    assert any("caseworker@spn.example" in m.to for m in mail.outbox)
    # It can be sent again, corrected.
    services.send(sender, consented_case.pk, {
        "peer": str(peer.pk), "to_organisation": str(uuid.uuid4()),
        "service_type": "LegalAid", "to_organisation_name": "Far"})


def test_erasing_a_case_revokes_it_at_the_peer_and_empties_the_outbox(
        peer, consented_case, sender, org_admin):
    from tipnet.cases import services as cases
    from tipnet.federation.models import OutboxMessage

    referral = services.send(sender, consented_case.pk, {
        "peer": str(peer.pk), "to_organisation": str(uuid.uuid4()),
        "service_type": "LegalAid"})
    cases.erase_case(org_admin, consented_case.pk, request_reference="DPR-1",
                     confirm_reference=consented_case.reference)
    sent = OutboxMessage.objects.get(idempotency_key=f"referral:{referral.pk}:sent")
    assert sent.payload in ({}, None)
    revoked = OutboxMessage.objects.get(idempotency_key=f"referral:{referral.pk}:revoked")
    assert revoked.payload["status"] == "revoked" and "Mira" not in str(revoked.payload)


def test_consent_ties_go_to_the_refusal():
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def rec(given, created):
        return SimpleNamespace(scope="share_with_organisations", given=given, given_at=at,
                               created_at=at + dt.timedelta(seconds=created),
                               withdrawn_at=None, organisations=[])
    assert not gate.check([rec(True, 0), rec(False, 0)], "transfer", "x").open
    assert not gate.check([rec(False, 0), rec(True, 0)], "transfer", "x").open
    assert gate.check([rec(False, 0), rec(True, 1)], "transfer", "x").open  # recorded later
