"""Referrals in the admin: who sent what kind of referral to whom and where it stands, for
operators watching the deployment. No case data, message or reason is shown."""

from django.contrib import admin

from tipnet.lib.admin import ReadOnlyAdmin

from .models import Referral


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "from_organisation", "to_organisation", "status", "urgent",
                    "basis", "sent_at", "respond_by", "escalated_at")
    list_filter = ("status", "kind", "basis", "urgent")
    fields = ("id", "kind", "from_organisation", "to_organisation", "service_type", "status",
              "urgent", "basis", "sent_at", "respond_by", "escalated_at", "answered_at",
              "closed_at")
    readonly_fields = fields
