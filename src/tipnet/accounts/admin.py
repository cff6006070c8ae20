from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tipnet.lib.admin import ReadOnlyAdmin

from .models import ApiToken, Organisation, Team, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "case_prefix", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name", "case_prefix"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]


@admin.register(User)
class TipnetUserAdmin(UserAdmin):
    list_display = ["username", "organisation", "role", "is_active", "is_staff"]
    list_filter = ["organisation", "role", "is_active"]
    fieldsets = (*UserAdmin.fieldsets,
                 ("tipnet", {"fields": ("organisation", "role", "teams", "preferred_language")}))
    add_fieldsets = (*UserAdmin.add_fieldsets,
                     ("tipnet", {"fields": ("organisation", "role")}))


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Read-only: tokens are issued and revoked by `tipnet issue_token` / `revoke_token`,
    which audit it. A token moved to another user here would be a way into their cases."""

    list_display = ["key_id", "user", "name", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]
