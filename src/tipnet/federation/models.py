"""This deployment's identity, its peers, and the messages between them.

Private keys and payloads are sealed with the field encryption (``TIPNET_DATA_KEYS``, bound to
their row): a copy of the database alone opens neither, and ``tipnet rotate_keys`` re-seals
them like any personal value.
"""

from __future__ import annotations

import base64
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.lib.fields import EncryptedJSONField, EncryptedTextField

from . import envelope


def _raw(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PublicKeys(models.Model):
    """The two public keys of a deployment and their fingerprint."""

    signing_key = models.CharField(_("signing key (Ed25519)"), max_length=64, editable=False)
    encryption_key = models.CharField(_("encryption key (X25519)"), max_length=64,
                                      editable=False)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True,
                                   editable=False)

    class Meta:
        abstract = True

    @property
    def public(self) -> envelope.PublicIdentity:
        return envelope.PublicIdentity(_raw(self.signing_key), _raw(self.encryption_key))

    @property
    def fingerprint_grouped(self) -> str:
        return envelope.grouped(self.fingerprint)


class LocalIdentity(PublicKeys):
    """This deployment's identity. One is current; a replaced one is kept, inactive, so that
    the audit trail still names it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    base_url = models.URLField(_("base URL"), max_length=300)
    signing_seed = EncryptedTextField(editable=False)
    encryption_secret = EncryptedTextField(editable=False)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("this deployment's identity")
        verbose_name_plural = _("this deployment's identities")
        constraints = [models.UniqueConstraint(fields=["is_current"],
                                               condition=models.Q(is_current=True),
                                               name="one_current_identity")]

    def __str__(self) -> str:
        return f"{self.name} ({self.fingerprint[:16]})"

    @property
    def private(self) -> envelope.PrivateIdentity:
        return envelope.PrivateIdentity(_raw(self.signing_seed), _raw(self.encryption_secret))


class Peer(PublicKeys):
    """Another tipnet deployment, registered by a system administrator from its identity card
    after checking its fingerprint out of band."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    base_url = models.URLField(_("base URL"), max_length=300,
                               help_text=_("Where the peer's tipnet answers, e.g. "
                                           "https://tipnet.example.org"))
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("An inactive peer is neither sent to nor "
                                                "received from."))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last answer"), null=True, blank=True,
                                        editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("peer")

    def __str__(self) -> str:
        return self.name


class OutboxMessage(models.Model):
    """A message to a peer: kept until the peer's signed acknowledgement arrives."""

    PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
    STATUSES = [(PENDING, _("waiting to be delivered")), (DELIVERED, _("delivered")),
                (FAILED, _("refused by the peer"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    kind = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=128)
    payload = EncryptedJSONField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=10, blank=True,
                              help_text="accepted, duplicate or rejected (the peer's ack)")
    reply = EncryptedJSONField(null=True, default=None)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing message")
        constraints = [models.UniqueConstraint(fields=["peer", "idempotency_key"],
                                               name="outbox_once_per_peer")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.peer} ({self.status})"


class InboxMessage(models.Model):
    """A message received from a peer and handed to its kind's handler: one per peer and
    idempotency key, however many times the sender had to try."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="inbox")
    kind = models.CharField(max_length=64)
    idempotency_key = models.CharField(max_length=128)
    payload = EncryptedJSONField()
    reply = EncryptedJSONField(null=True, default=None)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    duplicates = models.PositiveIntegerField(
        default=0, help_text="Later copies acknowledged without handling them again.")

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("received message")
        constraints = [models.UniqueConstraint(fields=["peer", "idempotency_key"],
                                               name="inbox_once_per_peer")]

    def __str__(self) -> str:
        return f"{self.kind} ← {self.peer}"


class SeenNonce(models.Model):
    """Nonces of the packages accepted lately: the same signed package twice is a replay.
    Kept for twice the clock window; older packages are refused by their time anyway."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=24)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "nonce"], name="nonce_once")]
        indexes = [models.Index(fields=["seen_at"], name="nonce_seen_idx")]

    def __str__(self) -> str:
        return f"{self.nonce} ({self.seen_at:%Y-%m-%d %H:%M})"
