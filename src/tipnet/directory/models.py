"""The directory of counterparts: organisations and the services they offer, where and when,
in the shape of Open Referral HSDS 3 (organization, service, location, address, phone,
schedule, service area, language) so that import and export map field to field.

Directory entries describe organisations, not people: they are reference data, shared by the
whole deployment, and not encrypted. Organisations, services and locations keep their HSDS
ids (UUIDs) across import and export; phones, schedules and areas are replaced on import.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tipnet.codelists import services as codelists
from tipnet.lib.multicode import MultiCodeField


class Counterpart(models.Model):
    """An organisation in the directory (HSDS *organization*)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True,
                            choices=partial(codelists.choices, "organisation_type"))
    tenant = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               help_text=_("The organisation on this tipnet, if it is one."))
    verification = models.CharField(
        _("verification"), max_length=16, default="Unverified",
        choices=partial(codelists.choices, "verification_status"))
    verified_on = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["country"], name="counterpart_country_idx")]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    STATUSES = [("physical", "physical"), ("postal", "postal"), ("virtual", "virtual")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    counterpart = models.ForeignKey(Counterpart, on_delete=models.CASCADE,
                                    related_name="locations")
    location_type = models.CharField(max_length=10, choices=STATUSES, default="physical")
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("address"), max_length=300, blank=True)
    address_2 = models.CharField(max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    state_province = models.CharField(_("state or province"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name", "city"]

    def __str__(self) -> str:
        return self.name or self.city or str(self.country.name)


class Service(models.Model):
    STATUSES = [("active", _("active")), ("inactive", _("inactive")),
                ("defunct", _("defunct")), ("temporarily closed", _("temporarily closed"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    counterpart = models.ForeignKey(Counterpart, on_delete=models.CASCADE,
                                    related_name="services")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default="active")
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(_("website"), blank=True, max_length=500)
    service_types = MultiCodeField(_("types of service"), codelist="service_type")
    populations = MultiCodeField(_("who it is for"), codelist="population_served")
    exploitation_types = MultiCodeField(_("types of exploitation handled"),
                                        codelist="exploitation_type")
    languages = MultiCodeField(_("languages"), codelist="language")
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (places)"), null=True, blank=True)
    capacity_note = models.CharField(_("capacity"), max_length=300, blank=True)
    locations = models.ManyToManyField(Location, blank=True, related_name="services")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    counterpart = models.ForeignKey(Counterpart, null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="phones")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="phones")
    number = models.CharField(_("number"), max_length=60)
    type = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening hours: on the days given, from ``opens_at`` to ``closes_at`` local time, the
    local time being UTC + ``utc_offset`` hours (HSDS's schedule.timezone); between
    ``valid_from`` and ``valid_to`` when given. Hours past midnight belong to the day they
    start on; opening equal to closing means the whole day."""

    DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField(max_length=40, blank=True, help_text="MO,TU,...; empty: every day")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    utc_offset = models.FloatField(default=0)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.byday or 'daily'} {self.opens_at}-{self.closes_at}"


class ServiceArea(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("area"), max_length=300)
    countries = MultiCodeField(_("countries"), codelist="country")

    def __str__(self) -> str:
        return self.name
