"""Catalogue versions, and the screenings, interviews and assessments of a case.

Everything said by or about the person is encrypted — answers, profile, consent, interpreter
and companion, notes, results, even which screen was used (a child sex-trafficking screen says
what was suspected). What stays in clear is what the workflow needs to find and order records:
the case, who did it, when, the catalogue version and rule set, and how far an interview got.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.lib.fields import EncryptedJSONField, EncryptedTextField


class CatalogueVersion(models.Model):
    """A published catalogue: the document as it was published, never changed afterwards."""

    version = models.CharField(max_length=16, unique=True)
    document = models.JSONField(help_text="The whole catalogue (indicators, texts, sources).")
    sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.version


class CaseRecord(models.Model):
    """Base of the identification records of a case: a UUID, the case, who and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Interview(CaseRecord):
    STATUSES = [("consent", _("waiting for consent")), ("in_progress", _("in progress")),
                ("stopped", _("stopped")), ("completed", _("completed")),
                ("no_consent", _("consent not given"))]
    MODES = [("guided", _("guided, one question at a time")),
             ("checklist", _("checklist, one page"))]
    COMPANION = [("none", _("no companion")), ("separated", _("companion separated")),
                 ("present", _("companion present"))]

    mode = models.CharField(max_length=12, choices=MODES, default="guided")
    status = models.CharField(max_length=12, choices=STATUSES, default="consent")
    catalogue_version = models.CharField(max_length=16)
    ruleset = models.CharField(max_length=32, default="delphi-2009")
    language = models.CharField(max_length=8, blank=True,
                                help_text="The language of the interface that started it.")
    consent_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # What was explained, the answer, the interpreter (language, vetted) and the companion
    # (none, separated, present); the profile; the answers; the result.
    consent = EncryptedJSONField(_("consent"))
    profile = EncryptedJSONField(_("profile"))
    answers = EncryptedJSONField(_("answers"))
    reused = EncryptedJSONField(_("answers reused from earlier interviews"))
    notes = EncryptedTextField(_("notes"))
    result = EncryptedJSONField(_("result"), default=None, null=True)

    class Meta(CaseRecord.Meta):
        indexes = [models.Index(fields=["case", "-created_at"], name="interview_case_idx")]


class Screening(CaseRecord):
    screen = EncryptedTextField(_("screen"))
    answers = EncryptedJSONField(_("answers"))
    result = EncryptedJSONField(_("result"), default=None, null=True)

    class Meta(CaseRecord.Meta):
        indexes = [models.Index(fields=["case", "-created_at"], name="screening_case_idx")]


class Assessment(CaseRecord):
    """An outcome of the legal-element assessment, from an interview or entered directly;
    re-running it on a newer catalogue makes a new assessment pointing to this one."""

    interview = models.ForeignKey(Interview, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="assessments")
    rerun_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="reruns")
    catalogue_version = models.CharField(max_length=16)
    ruleset = models.CharField(max_length=32)
    profile = EncryptedJSONField(_("profile"))
    indicators = EncryptedJSONField(_("indicators present"), default=list)
    result = EncryptedJSONField(_("result"), default=None, null=True)

    class Meta(CaseRecord.Meta):
        indexes = [models.Index(fields=["case", "-created_at"], name="assessment_case_idx")]
