"""The person a case is about. Names, birth date and narrative-like fields are encrypted."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial

from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.codelists import services as codelists
from tipnet.lib.fields import EncryptedDateField, EncryptedTextField
from tipnet.lib.multicode import MultiCodeField


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    given_name = EncryptedTextField(_("given name"), index_as="name")
    middle_name = EncryptedTextField(_("middle name"), index_as="name")
    family_name = EncryptedTextField(_("family name"), index_as="name")
    birth_date = EncryptedDateField(_("date of birth"), blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age"), null=True, blank=True,
        help_text=_("When the date of birth is not known."))
    age_basis = models.CharField(_("age established by"), max_length=16, blank=True,
                                 choices=partial(codelists.choices, "age_basis"))
    gender = models.CharField(_("gender"), max_length=24, blank=True,
                              choices=partial(codelists.choices, "gender"))
    citizenship = MultiCodeField(_("citizenship"), codelist="country")
    languages = MultiCodeField(_("languages"), codelist="language")
    marital_status = models.CharField(_("marital status"), max_length=24, blank=True,
                                      choices=partial(codelists.choices, "marital_status"))
    education_level = models.CharField(_("highest level of education"), max_length=40,
                                       blank=True,
                                       choices=partial(codelists.choices, "education_level"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.display_name or str(_("(no name recorded)"))

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_name, self.family_name) if p)

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date:
            b = self.birth_date
            return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
        return self.estimated_age

    @property
    def age(self) -> int | None:
        return self.age_on(dt.date.today())
