"""Hotline contacts: calls, messages, chats, e-mails and public reports, triaged into a live
queue, with the entities found in them kept as blind-index digests so that a new tip that
shares a phone number (or e-mail, handle, plate) with an earlier one or with a case says so.

Contacts belong to an organisation and are shared by its members who work the hotline
(``intake.view``); what a contact says is encrypted like a case's narrative.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tipnet.codelists import services as codelists
from tipnet.lib.fields import EncryptedJSONField, EncryptedTextField
from tipnet.lib.ids import uuid7
from tipnet.lib.multicode import MultiCodeField

URGENCY_RANK = {"immediate": 0, "high": 1, "normal": 2, "low": 3}


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    channel = models.CharField(_("channel"), max_length=16,
                               choices=partial(codelists.choices, "contact_channel"))
    caller_type = models.CharField(_("who is contacting"), max_length=16, blank=True,
                                   choices=partial(codelists.choices, "caller_type"))
    language = models.CharField(_("language"), max_length=8, blank=True,
                                choices=partial(codelists.choices, "language"))
    country = CountryField(_("country"), blank=True)
    location = EncryptedTextField(_("where"))
    narrative = EncryptedTextField(_("what was said"))
    caller_name = EncryptedTextField(_("name given"))
    caller_contact = EncryptedTextField(_("how to reach them"),
                                        help_text=_("Only if it is safe to contact them."))
    flags = MultiCodeField(_("danger signs"), codelist="danger_flag")
    urgency = models.CharField(_("urgency"), max_length=10, default="normal",
                               choices=partial(codelists.choices, "urgency_level"))
    urgency_rank = models.PositiveSmallIntegerField(default=URGENCY_RANK["normal"])
    # Why: sentences naming the flags and the words found (they quote the narrative).
    urgency_reasons = EncryptedJSONField(_("why"))
    status = models.CharField(_("status"), max_length=12, default="new",
                              choices=partial(codelists.choices, "contact_status"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    # Repeat tips: the first earlier contact sharing a phone, e-mail, handle, URL, plate or
    # near-duplicate text with this one (the group's first, when that one repeats another).
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="repeats")
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["urgency_rank", "-received_at"]
        indexes = [
            # The live queue: an organisation's open contacts, most urgent, newest first.
            models.Index(fields=["organisation", "urgency_rank", "-received_at"],
                         condition=~Q(status="closed"), name="contact_queue_idx"),
            models.Index(fields=["organisation", "-received_at"], name="contact_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d %H:%M}"


class ContactEntity(models.Model):
    """Something found in a contact. Personal kinds (phone, e-mail, handle, URL, plate) are
    kept only as keyed digests, comparable with the cases' blind index; the others (place,
    money) as values, which say nothing about who called."""

    id = models.BigAutoField(primary_key=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="entities")
    organisation_id = models.BigIntegerField()  # the contact's, for lookups without a join
    kind = models.CharField(max_length=12)
    digest = models.CharField(max_length=32, blank=True)
    key_id = models.CharField(max_length=16, blank=True)
    value = models.CharField(max_length=120, blank=True)

    class Meta:
        # By digest within the organisation (a digest's keyed input includes its kind, so
        # the kind narrows nothing): every lookup here is "who else has these digests".
        indexes = [models.Index(fields=["organisation_id", "digest"],
                                name="contact_entity_org_digest_idx")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.contact_id}"


class AnonymousNotification(models.Model):
    """A notification with no identifying data, for an adult who does not consent to be
    referred: the case still counts in statistics (after the UK's "duty to notify")."""

    AGE_BANDS = [("child", _("under 18")), ("18-24", "18–24"), ("25-39", "25–39"),
                 ("40+", _("40 or older")), ("unknown", _("unknown"))]

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    notified_on = models.DateField(_("date"), default=timezone.localdate)
    gender = models.CharField(_("gender"), max_length=24, blank=True,
                              choices=partial(codelists.choices, "gender"))
    age_band = models.CharField(_("age"), max_length=8, default="unknown", choices=AGE_BANDS)
    citizenship = CountryField(_("citizenship"), blank=True)
    country_of_exploitation = CountryField(_("country of exploitation"), blank=True)
    exploitation_types = MultiCodeField(_("types of exploitation"),
                                        codelist="exploitation_type")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_on"]

    def __str__(self) -> str:
        return f"notification {self.notified_on}"


class MessagingChannel(models.Model):
    """An SMS or WhatsApp number at a messaging provider (Twilio's API and webhook format),
    whose inbound messages become contacts of the organisation and through which operators
    reply. Set up by a system administrator (admin); the auth token is encrypted."""

    KINDS = [("sms", "SMS"), ("whatsapp", "WhatsApp")]

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default="sms")
    number = models.CharField(_("number"), max_length=40,
                              help_text=_("The provider number, as the provider writes it "
                                          "(e.g. +447700900123 or whatsapp:+447700900123)."))
    account_sid = models.CharField(_("account SID"), max_length=64)
    auth_token = EncryptedTextField(_("auth token"))
    api_base = models.URLField(_("API address"), default="https://api.twilio.com")
    webhook_key = models.CharField(max_length=43, unique=True,
                                   help_text="The secret last part of the webhook address.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """One message of a conversation on a messaging channel, in or out."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    channel = models.ForeignKey(MessagingChannel, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=3, choices=[("in", "in"), ("out", "out")])
    body = EncryptedTextField()
    external_id = models.CharField(max_length=64, blank=True,
                                   help_text="The provider's id (Twilio MessageSid).")
    # The sender's number, as a keyed digest: groups a conversation without keeping it clear.
    party_digest = models.CharField(max_length=32, blank=True)
    key_id = models.CharField(max_length=16, blank=True, help_text="The key of party_digest.")
    status = models.CharField(max_length=12, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(
            fields=["channel", "external_id"], condition=~Q(external_id=""),
            name="message_once_per_provider_id")]
        indexes = [models.Index(fields=["channel", "party_digest", "-at"],
                                name="message_party_idx")]

    def __str__(self) -> str:
        return f"{self.direction} {self.at:%Y-%m-%d %H:%M}"


class OutreachCode(models.Model):
    """A printable code (QR) that opens a discreet help page for a place and a language: the
    hotline numbers and nearby services. Scans are counted per code and day, and nothing is
    kept about who scanned."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    slug = models.CharField(max_length=16, unique=True)
    label = models.CharField(_("where it is placed"), max_length=200,
                             help_text=_("For your records, e.g. 'Bus station, women's "
                                         "restroom'. Never shown on the help page."))
    language = models.CharField(_("language of the help page"), max_length=8, default="en",
                                choices=partial(codelists.choices, "language"))
    country = CountryField(_("country"))
    city = models.CharField(_("town or city"), max_length=120, blank=True)
    hotline = models.TextField(_("hotline numbers"),
                               help_text=_("One per line, e.g. '1145 — free, 24 hours'."))
    message = models.TextField(_("message"), blank=True,
                               help_text=_("A short text shown on the help page."))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label


class OutreachScanDay(models.Model):
    code = models.ForeignKey(OutreachCode, on_delete=models.CASCADE, related_name="scans")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "day"],
                                               name="scan_day_once")]

    def __str__(self) -> str:
        return f"{self.code_id} {self.day}: {self.count}"
