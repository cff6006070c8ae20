"""A referral: one organisation asks another to provide a service to a person (or, for a
transfer, to take over the case), sharing only what the person's consent covers.

Lifecycle: sent → accepted or declined (with a reason) → completed; the sender can revoke a
referral that is sent or accepted. While a referral is sent or accepted, the receiving
organisation reads the field groups it shares (``tipnet.referrals.grants``); a declined,
completed or revoked referral shares nothing. Every change is audited.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.codelists import services as codelists
from tipnet.lib.fields import EncryptedJSONField, EncryptedTextField
from tipnet.lib.ids import uuid7
from tipnet.lib.multicode import MultiCodeField

OPEN = ("sent", "accepted")
CLOSED = ("declined", "completed", "revoked", "undeliverable")


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    kind = models.CharField(_("kind"), max_length=12, default="referral",
                            choices=partial(codelists.choices, "referral_kind"))
    # The case referred. Empty for a referral received from another deployment until it is
    # accepted (then: the case made here from the package).
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    # Empty on the side that is another deployment (see ``peer``).
    from_organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    # Between deployments: the other deployment, and the organisation there.
    peer = models.ForeignKey("federation.Peer", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    remote_organisation = models.CharField(max_length=36, blank=True,
                                           help_text="Its id on the other deployment.")
    remote_organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # Received from another deployment: the HTCDS record of what was shared.
    package = EncryptedJSONField(_("what was shared"))
    service_type = models.CharField(_("service"), max_length=40, blank=True,
                                    choices=partial(codelists.choices, "service_type"))
    service = models.ForeignKey("directory.Service", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    groups = MultiCodeField(_("shared"), codelist="case_field_group")
    message = EncryptedTextField(_("message to the receiving organisation"))
    urgent = models.BooleanField(_("urgent"), default=False)
    # Consent: "consent" when the person's consent covered the sharing when it was sent;
    # "override" when a permitted user sent it without, for the reason written here.
    basis = models.CharField(max_length=12, default="consent")
    override_reason = EncryptedTextField(_("reason for sending without consent"))
    status = models.CharField(_("status"), max_length=16, default="sent",
                              choices=partial(codelists.choices, "referral_status"))
    status_reason = EncryptedTextField(_("reason or outcome"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField(_("answer due by"))
    escalated_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="referral_incoming_idx"),
            models.Index(fields=["from_organisation", "status"], name="referral_outgoing_idx"),
            models.Index(fields=["case", "status"], name="referral_case_idx"),
            models.Index(fields=["respond_by"], condition=Q(status="sent"),
                         name="referral_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(from_organisation=models.F("to_organisation")),
                                   name="referral_not_to_self"),
            # No two open referrals of a case for the same thing to the same organisation,
            # and one open transfer of a case at a time (enforced here, not only checked:
            # two people sending at once must not both succeed).
            models.UniqueConstraint(
                fields=["case", "kind", "service_type", "to_organisation"],
                condition=Q(status__in=OPEN, to_organisation__isnull=False),
                name="referral_open_once_here"),
            models.UniqueConstraint(
                fields=["case", "kind", "service_type", "peer", "remote_organisation"],
                condition=Q(status__in=OPEN, peer__isnull=False, case__isnull=False,
                            from_organisation__isnull=False),
                name="referral_open_once_peer"),
            models.UniqueConstraint(fields=["case"],
                                    condition=Q(status__in=OPEN, kind="transfer",
                                                from_organisation__isnull=False),
                                    name="referral_one_open_transfer"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def inbound(self) -> bool:
        """Received from another deployment."""
        return self.peer_id is not None and self.from_organisation_id is None

    @property
    def outbound(self) -> bool:
        """Sent to another deployment."""
        return self.peer_id is not None and self.to_organisation_id is None

    @property
    def reference(self) -> str:
        if self.case_id:
            return self.case.reference
        return str((self.package or {}).get("x_tipnet_CaseReference", ""))

    @property
    def remote_name(self) -> str:
        """The organisation on the other deployment, always with the deployment's name (the
        organisation name comes from the peer and could imitate a local one)."""
        return f"{self.remote_organisation_name} (via {self.peer.name})"

    @property
    def from_name(self) -> str:
        return self.from_organisation.name if self.from_organisation_id else self.remote_name

    @property
    def to_name(self) -> str:
        return self.to_organisation.name if self.to_organisation_id else self.remote_name

    @property
    def is_overdue(self) -> bool:
        return self.status == "sent" and self.respond_by < timezone.now()
