"""The parts of a case: aliases, documents, contacts, movements, perpetrators, comments,
attachments and consent records."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tipnet.codelists import services as codelists
from tipnet.lib.fields import EncryptedDateField, EncryptedTextField
from tipnet.lib.multicode import MultiCodeField

from .base import CaseChild


class Alias(CaseChild):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="aliases")
    name = EncryptedTextField(_("alias"), index_as="name")

    class Meta:
        verbose_name_plural = _("aliases")


class IdentityDocument(CaseChild):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=24,
                            choices=partial(codelists.choices, "document_type"))
    number = EncryptedTextField(_("document number"), index_as="document")
    issuing_country = CountryField(_("issuing country"), blank=True)
    expiry_date = EncryptedDateField(_("expiry date"), blank=True)
    held_by_other = models.BooleanField(_("held by someone else"), default=False)


class ContactDetail(CaseChild):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=16,
                            choices=partial(codelists.choices, "contact_kind"))
    value = EncryptedTextField(_("value"))
    # Phones and e-mails are blind-indexed by kind (see tipnet.cases.search).
    safe_to_contact = models.BooleanField(_("safe to contact"), default=False)
    notes = EncryptedTextField(_("notes"))


class Movement(CaseChild):
    """One leg of the person's journey (HTCDS historic trafficking events)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="movements")
    sequence = models.PositiveSmallIntegerField(default=1)
    stage = models.CharField(_("stage"), max_length=16, blank=True,
                             choices=partial(codelists.choices, "event_type"))
    from_country = CountryField(_("from country"), blank=True)
    # Places and dates of a journey can locate a person: encrypted. Countries stay in clear
    # for statistics (routes, hotspots).
    from_place = EncryptedTextField(_("from place"))
    to_country = CountryField(_("to country"), blank=True)
    to_place = EncryptedTextField(_("to place"))
    departed_on = EncryptedDateField(_("departed on"), blank=True)
    arrived_on = EncryptedDateField(_("arrived on"), blank=True)
    transport = models.CharField(_("means of transport"), max_length=16, blank=True,
                                 choices=partial(codelists.choices, "transport_means"))
    border_crossing = EncryptedTextField(_("border crossing point"))
    description = EncryptedTextField(_("description"))

    class Meta:
        ordering = ["sequence", "created_at"]
        # Declared here rather than with db_index: no second LIKE index (see Case.Meta).
        indexes = [models.Index(fields=["to_country"], name="movement_to_country_idx")]


class Perpetrator(CaseChild):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="perpetrators")
    name = EncryptedTextField(_("name"))
    alias = EncryptedTextField(_("alias or nickname"))
    gender = models.CharField(_("gender"), max_length=24, blank=True,
                              choices=partial(codelists.choices, "gender"))
    nationality = CountryField(_("nationality"), blank=True)
    roles = MultiCodeField(_("role in the process"), codelist="perpetrator_role")
    role_details = EncryptedTextField(_("details of role"))


class CaseComment(CaseChild):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = EncryptedTextField(_("comment"))

    class Meta:
        ordering = ["created_at"]


class Attachment(CaseChild):
    """A file kept encrypted on disk; its name and type are encrypted in the database."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    filename = EncryptedTextField(_("file name"))
    content_type = EncryptedTextField(_("content type"))
    size = models.PositiveIntegerField(default=0)
    # Encrypted too: a clear hash would let someone holding the database confirm that a known
    # file (a circulated photo) is held here.
    sha256 = EncryptedTextField(help_text="Of the plaintext, for integrity.")
    blob = models.CharField(max_length=200, help_text="Storage name of the encrypted file.")
    description = EncryptedTextField(_("description"))


class ConsentRecord(CaseChild):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("consent to"), max_length=32,
                             choices=partial(codelists.choices, "consent_scope"))
    given = models.BooleanField(_("given"), default=True,
                                help_text=_("Unticked records a refusal."))
    given_by = models.CharField(_("given by"), max_length=16, default="person",
                                choices=partial(codelists.choices, "consent_given_by"))
    given_by_name = EncryptedTextField(_("name of the person giving consent"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    organisations = MultiCodeField(_("organisations covered"),
                                   help_text=_("For sharing: which organisations, if limited."))
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["-given_at"]

    @property
    def active(self) -> bool:
        return self.given and self.withdrawn_at is None
