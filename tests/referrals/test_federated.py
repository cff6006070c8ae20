"""The handlers of referrals from and to other deployments, called in this process: what a
package must hold to be accepted, and which status changes each side may send."""

from __future__ import annotations

import uuid

import pytest

from tipnet.federation.services import Rejected
from tipnet.referrals import federated, services
from tipnet.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_a_good_package_becomes_a_referral_and_acceptance_makes_a_case(peer, package,
                                                                        receiver):
    answer = federated.receive(peer, package, None)
    referral = Referral.objects.get(pk=package["id"])
    assert answer == {"referral": package["id"], "status": "sent"}
    assert referral.inbound and referral.to_organisation == receiver.organisation
    assert referral.from_name == "Far NGO (via There)"  # the deployment, always named
    assert referral.package["prs_FirstName"] == "Mira"
    assert services.incoming(receiver).get() == referral
    services.change(receiver, referral.pk, "accept")
    referral.refresh_from_db()
    case = referral.case
    assert case.organisation == receiver.organisation and case.person.given_name == "Mira"
    assert [c.scope for c in case.consents.all()] == ["share_with_organisations"]
    from tipnet.federation.models import OutboxMessage

    told = OutboxMessage.objects.get(idempotency_key=f"referral:{referral.pk}:accepted")
    assert told.payload["status"] == "accepted" and told.peer == peer


@pytest.mark.parametrize("change,fragment", [
    ({"to_organisation": str(uuid.uuid4())}, "to_organisation"),
    ({"kind": "gift"}, "kind"),
    ({"service_type": "Spaceship"}, "service_type"),
    ({"groups": ["everything"]}, "groups"),
    ({"record": {"prs_Gender": "Robot"}}, "record"),
    ({"record": "not a record"}, "record"),
    ({"respond_by": "tomorrow"}, "respond_by"),
    ({"id": "not-an-id"}, "id"),
    ({"message": ["x"]}, "message"),
    ({"from_organisation": None}, "from_organisation"),
])
def test_a_bad_package_is_refused_and_nothing_is_written(peer, package, receiver, change,
                                                         fragment):
    with pytest.raises(Rejected) as refused:
        federated.receive(peer, {**package, **change}, None)
    assert fragment in refused.value.reason
    assert "Mira" not in refused.value.reason
    assert not Referral.objects.exists()


def test_the_same_referral_twice_is_refused(peer, package, receiver):
    federated.receive(peer, package, None)
    with pytest.raises(Rejected):
        federated.receive(peer, package, None)
    assert Referral.objects.count() == 1


def test_status_changes_only_from_the_side_that_may_make_them(peer, package, receiver):
    federated.receive(peer, package, None)
    pk = package["id"]
    # The sender (the peer) may revoke what it sent; it may not accept it for us.
    with pytest.raises(Rejected):
        federated.receive_status(peer, {"id": pk, "status": "accepted"}, None)
    with pytest.raises(Rejected):
        federated.receive_status(peer, {"id": str(uuid.uuid4()), "status": "revoked"}, None)
    with pytest.raises(Rejected):
        federated.receive_status(peer, {"id": pk, "status": "lost"}, None)
    federated.receive_status(peer, {"id": pk, "status": "revoked", "reason": "moved"}, None)
    assert Referral.objects.get(pk=pk).status == "revoked"
    # Said again (a retry): no change, no error.
    assert federated.receive_status(peer, {"id": pk, "status": "revoked"}, None)["status"] \
        == "revoked"


def test_sending_to_a_peer_queues_the_consented_package(peer, consented_case, sender,
                                                        django_capture_on_commit_callbacks):
    from tipnet.federation.models import OutboxMessage

    remote = str(uuid.uuid4())
    referral = services.send(sender, consented_case.pk, {
        "peer": str(peer.pk), "to_organisation": remote, "service_type": "LegalAid",
        "groups": ["movements"], "to_organisation_name": "Far Shelter"})
    assert referral.outbound and referral.to_name == "Far Shelter (via There)"
    message = OutboxMessage.objects.get(idempotency_key=f"referral:{referral.pk}:sent")
    record = message.payload["record"]
    assert message.payload["to_organisation"] == remote
    assert record["hte_Events"] and "prs_FirstName" not in record
    assert "x_tipnet_Narrative" not in record
    # The answer comes back from the peer.
    federated.receive_status(peer, {"id": str(referral.pk), "status": "accepted"}, None)
    assert Referral.objects.get(pk=referral.pk).status == "accepted"
    with pytest.raises(Rejected):  # the peer cannot revoke what we sent
        federated.receive_status(peer, {"id": str(referral.pk), "status": "revoked"}, None)


def test_consent_limited_to_other_organisations_blocks_a_peer_referral(
        peer, sender, make_case, consent):
    case = make_case(sender)
    consent(sender, case, "services")
    consent(sender, case, "share_with_organisations",
            organisations=[str(sender.organisation.uuid)])
    with pytest.raises(services.ReferralError):
        services.send(sender, case.pk, {"peer": str(peer.pk),
                                        "to_organisation": str(uuid.uuid4()),
                                        "service_type": "LegalAid"})
