from django.contrib import admin

from tipnet.lib.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "action", "username", "organisation_id", "object_type",
                    "object_id", "via"]
    list_filter = ["action", "via"]
    search_fields = ["username", "object_id"]
