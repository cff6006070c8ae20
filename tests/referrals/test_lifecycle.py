"""Sending, answering, revoking and transferring, with the consent gate, the override, the
deadlines and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from tipnet.audit.models import AuditEntry
from tipnet.referrals import services
from tipnet.referrals.models import Referral

pytestmark = pytest.mark.django_db


def actions(referral):
    return list(AuditEntry.objects.filter(object_id=str(referral.pk)).order_by("seq")
                .values_list("action", "organisation_id"))


def test_send_accept_complete(consented_case, refer, receiver, sender, org, other_org,
                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(consented_case, message="She needs a safe place tonight.")
    assert referral.status == "sent" and referral.basis == "consent"
    assert set(referral.groups) == {"basic", "identity"}
    assert [m.to for m in mail.outbox] == [["caseworker@hbs.example"]]
    assert "Testa" not in mail.outbox[0].body and "safe place" not in mail.outbox[0].body
    assert str(referral.pk) in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.change(receiver, referral.pk, "accept", "We have a bed.")
    with django_capture_on_commit_callbacks(execute=True):
        done = services.change(receiver, referral.pk, "complete", "Stayed two weeks.")
    assert done.status == "completed" and done.closed_at and done.answered_by == receiver
    assert "caseworker@spn.example" in mail.outbox[-1].to
    # Audited in both organisations, with no personal data.
    assert actions(referral) == [("refer", org.pk), ("refer", other_org.pk),
                                 ("accept", org.pk), ("accept", other_org.pk),
                                 ("complete", org.pk), ("complete", other_org.pk)]
    details = " ".join(str(e.detail) for e in AuditEntry.objects.filter(
        object_id=str(referral.pk)))
    assert "Testa" not in details and "bed" not in details


def test_decline_needs_a_reason_and_closes(consented_case, refer, receiver):
    referral = refer(consented_case)
    with pytest.raises(services.ReferralError) as error:
        services.change(receiver, referral.pk, "decline", "")
    assert "reason" in error.value.errors
    assert Referral.objects.get(pk=referral.pk).status == "sent"
    declined = services.change(receiver, referral.pk, "decline", "No places left")
    assert declined.status == "declined" and declined.status_reason == "No places left"
    with pytest.raises(services.ReferralError):
        services.change(receiver, referral.pk, "accept")


def test_only_the_right_side_may_answer_or_revoke(consented_case, refer, receiver, sender):
    referral = refer(consented_case)
    with pytest.raises(services.ReferralError):
        services.change(sender, referral.pk, "accept")
    with pytest.raises(services.ReferralError):
        services.change(receiver, referral.pk, "revoke", "not mine to revoke")
    with pytest.raises(services.ReferralError):
        services.change(receiver, referral.pk, "complete")  # not accepted yet
    revoked = services.change(sender, referral.pk, "revoke", "Person moved on")
    assert revoked.status == "revoked"


def test_a_third_organisation_cannot_see_or_touch_a_referral(consented_case, refer, make_org,
                                                            make_user):
    referral = refer(consented_case)
    stranger = make_user(make_org(name="Third", country="BD", prefix="THD"), "supervisor")
    with pytest.raises(Http404):
        services.change(stranger, referral.pk, "accept")
    with pytest.raises(Http404):
        services.get(stranger, "not-a-uuid")
    assert Referral.objects.get(pk=referral.pk).status == "sent"
    assert AuditEntry.objects.filter(action="denied", username=stranger.username).count() == 2


def test_without_consent_nothing_is_sent(sender, make_case, refer, consent):
    case = make_case(sender)
    with pytest.raises(services.ReferralError) as error:
        refer(case)
    assert "consent" in error.value.errors
    consent(sender, case, "share_with_organisations")
    with pytest.raises(services.ReferralError) as error:
        refer(case)  # services consent still missing
    assert "Receiving services" in error.value.errors["consent"]
    assert not Referral.objects.exists()


def test_consent_limited_to_another_organisation_does_not_cover(sender, make_case, refer,
                                                                consent, make_org):
    case = make_case(sender)
    elsewhere = make_org(name="Elsewhere", country="BD", prefix="ELS")
    consent(sender, case, "share_with_organisations", organisations=[str(elsewhere.uuid)])
    consent(sender, case, "services")
    with pytest.raises(services.ReferralError):
        refer(case)


def test_override_needs_the_permission_and_a_reason(sender, supervisor, make_case, refer, org,
                                                    receiver, api):
    case = make_case(sender)
    with pytest.raises(services.PermissionDenied):
        refer(case, override_reason="Child in immediate danger at the border")
    with pytest.raises(services.ReferralError) as error:
        refer(case, user=supervisor, override_reason="urgent")
    assert "override_reason" in error.value.errors
    referral = refer(case, user=supervisor,
                     override_reason="Child in immediate danger at the border")
    assert referral.basis == "override"
    assert [a for a, _ in actions(referral)].count("override") == 2
    # The receiver can open it although no consent was recorded.
    assert api(receiver).get(f"/api/cases/{case.pk}").status_code == 200


def test_override_is_ignored_when_consent_covers_it(consented_case, refer, supervisor):
    referral = refer(consented_case, user=supervisor, override_reason="Just in case, really")
    assert referral.basis == "consent" and referral.override_reason == ""


def test_bad_input_is_refused_and_nothing_is_written(consented_case, refer, org):
    cases = [({"to_organisation": "nope"}, "to_organisation"),
             ({"to_organisation": str(org.uuid)}, "to_organisation"),
             ({"service_type": "Spaceship"}, "service_type"),
             ({"service_type": ""}, "service_type"),
             ({"groups": ["identity", "everything"]}, "groups"),
             ({"message": "x" * 5000}, "message"),
             ({"message": 42}, "message"),
             ({"kind": "gift"}, "kind"),
             ({"service": "00000000-0000-0000-0000-000000000000"}, "service")]
    for data, key in cases:
        with pytest.raises(services.ReferralError) as error:
            refer(consented_case, **data)
        assert key in error.value.errors, data
    assert not Referral.objects.exists()


def test_no_two_open_referrals_for_the_same_service(consented_case, refer):
    refer(consented_case)
    with pytest.raises(services.ReferralError):
        refer(consented_case)
    refer(consented_case, service_type="MedicalCare")
    assert Referral.objects.count() == 2


def test_roles_without_referral_send_cannot_refer(consented_case, make_user, org, other_org):
    analyst = make_user(org, "analyst")
    with pytest.raises(services.PermissionDenied):
        services.send(analyst, consented_case.pk, {"to_organisation": str(other_org.uuid),
                                                   "service_type": "MedicalCare"})


def test_transfer_moves_the_case_and_the_sender_loses_access(
        consented_case, refer, supervisor, receiver, sender, other_org, api):
    with pytest.raises(services.PermissionDenied):
        refer(consented_case, kind="transfer")  # caseworkers may not transfer
    referral = refer(consented_case, user=supervisor, kind="transfer", service_type="")
    assert "narrative" in referral.groups  # a transfer shares the whole case
    services.change(receiver, referral.pk, "accept")
    consented_case.refresh_from_db()
    assert consented_case.organisation == other_org and consented_case.owner == receiver
    assert consented_case.person.organisation == other_org
    assert api(sender).get(f"/api/cases/{consented_case.pk}").status_code == 404
    mine = api(receiver).get(f"/api/cases/{consented_case.pk}").json()
    assert "shared_groups" not in mine and mine["narrative"].startswith("Recruited")
    assert Referral.objects.get(pk=referral.pk).status == "completed"
    # The supervisor still sees that the transfer went through.
    assert services.get(supervisor, referral.pk).status == "completed"


def test_escalation_marks_overdue_once_and_emails_both_sides(
        consented_case, refer, receiver, django_capture_on_commit_callbacks, settings):
    settings.TIPNET_REFERRAL_ANSWER_HOURS = 1
    referral = refer(consented_case)
    assert referral.respond_by - referral.sent_at == dt.timedelta(hours=1)
    assert services.escalate_due() == 0
    later = timezone.now() + dt.timedelta(hours=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_due(later) == 1
    assert services.escalate_due(later) == 0  # once
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == ["caseworker@hbs.example", "caseworker@spn.example"]
    assert all("Overdue" in m.subject or "not been answered" in m.subject for m in mail.outbox)
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    assert services.overdue(Referral.objects.all(), later).get() == referral


def test_urgent_referrals_are_due_sooner(consented_case, refer, settings):
    settings.TIPNET_REFERRAL_URGENT_ANSWER_HOURS = 2
    referral = refer(consented_case, urgent=True)
    assert referral.respond_by - referral.sent_at == dt.timedelta(hours=2)


def test_escalate_command(consented_case, refer, settings, capsys):
    from django.core.management import call_command

    settings.TIPNET_REFERRAL_ANSWER_HOURS = 1
    referral = refer(consented_case)
    Referral.objects.filter(pk=referral.pk).update(
        respond_by=timezone.now() - dt.timedelta(minutes=1))
    call_command("referrals_escalate")
    assert "1 referral(s) escalated" in capsys.readouterr().out


def test_a_mail_server_that_is_down_does_not_undo_or_break_a_referral(
        consented_case, refer, receiver, settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(consented_case)
    assert Referral.objects.get(pk=referral.pk).status == "sent"
    assert "referral e-mail not sent" in caplog.text
