"""The case: the unit of work, access and audit."""

from __future__ import annotations

from functools import partial

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tipnet.codelists import services as codelists
from tipnet.lib.fields import EncryptedTextField
from tipnet.lib.multicode import MultiCodeField

from .base import TenantRecord


class Case(TenantRecord):
    reference = models.CharField(_("reference"), max_length=32)
    person = models.OneToOneField("cases.Person", on_delete=models.PROTECT, related_name="case")
    status = models.CharField(_("case status"), max_length=16, default="Active",
                              choices=partial(codelists.choices, "case_status"))
    closure_reason = EncryptedTextField(_("reason for closing"))
    country = CountryField(_("country of identification"), blank=True)
    identified_on = models.DateField(_("date of identification"), null=True, blank=True)
    # Victim context (HTCDS vic_*)
    agreement_to_manage_data = models.BooleanField(
        _("agreed to the management of personal data"), default=False)
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=32, blank=True,
        choices=partial(codelists.choices, "trafficking_status"))
    status_decided_by = models.CharField(
        _("status decided by"), max_length=40, blank=True,
        choices=partial(codelists.choices, "status_decision_org"))
    relationship_to_trafficker = models.CharField(
        _("relationship to trafficker"), max_length=16, blank=True,
        choices=partial(codelists.choices, "relationship_to_trafficker"))
    age_when_trafficked = models.PositiveSmallIntegerField(_("age when trafficked"), null=True,
                                                           blank=True)
    exploitation_types = MultiCodeField(_("types of exploitation"), codelist="exploitation_type")
    sex_exploitation_types = MultiCodeField(_("types of sexual exploitation"),
                                            codelist="sex_exploitation_type")
    methods_of_control = MultiCodeField(_("methods of control"), codelist="method_of_control")
    recruitment_methods = MultiCodeField(_("methods of recruitment"),
                                         codelist="recruitment_method")
    recruitment_websites = MultiCodeField(_("recruitment websites and apps"),
                                          codelist="recruitment_website")
    exploitation_websites = MultiCodeField(_("exploitation websites and apps"),
                                           codelist="recruitment_website")
    industry = models.CharField(_("industry (ISIC section)"), max_length=60, blank=True,
                                choices=partial(codelists.choices, "industry"))
    vulnerabilities = MultiCodeField(_("vulnerabilities"), codelist="vulnerability")
    vulnerability_details = EncryptedTextField(_("details of vulnerabilities"))
    narrative = EncryptedTextField(_("narrative"))

    class Meta:
        verbose_name = _("case")
        ordering = ["-created_at", "-reference"]
        # Indexes are declared here, not with db_index: on PostgreSQL a CharField's db_index
        # adds a second, varchar_pattern_ops index for LIKE that no query here uses, and
        # every index is upkeep on each insert (imports write thousands of cases a second).
        constraints = [models.UniqueConstraint(fields=["reference"], name="case_reference_unique")]
        indexes = [
            # The case list: live cases of an organisation, newest first, in exactly the
            # list's order, so that a page is an index range (partial: PostgreSQL cannot use
            # "deleted_at IS NULL" inside an index to order by the columns after it).
            models.Index(fields=["organisation", "-created_at", "-reference"],
                         condition=Q(deleted_at__isnull=True), name="case_live_list_idx"),
            models.Index(fields=["organisation", "-deleted_at"],
                         condition=Q(deleted_at__isnull=False), name="case_deleted_list_idx"),
            models.Index(fields=["status"], name="case_status_idx"),
            models.Index(fields=["country"], name="case_country_idx"),
            models.Index(fields=["identified_on"], name="case_identified_on_idx"),
            models.Index(fields=["trafficking_status"], name="case_trafficking_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseSequence(models.Model):
    """Per organisation and year, the last case number handed out (for references)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("organisation", "year")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


class SearchDigest(models.Model):
    """Blind index: keyed hashes of normalised personal values, for exact-match search.

    Derived data, rebuilt from the case (``search.reindex``, key rotation), written and
    deleted only with its case (Django cascades the deletion). So the database does not check
    each row's case: that check cost an import about a sixth of the database's time, for five
    rows a case, and a digest without its case could not be found anyway (search returns
    cases, through the access check). See docs/decisions.md."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="digests",
                             db_constraint=False)
    kind = models.CharField(max_length=12)
    digest = models.CharField(max_length=32)
    key_id = models.CharField(max_length=16, help_text="The data key the digest was made with.")

    class Meta:
        indexes = [models.Index(fields=["digest", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} digest of {self.case_id}"
