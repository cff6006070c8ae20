from django.contrib import admin

from tipnet.lib.admin import ReadOnlyAdmin

from .models import CatalogueVersion


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(ReadOnlyAdmin):
    """Published versions are never changed: publish a newer one (publish_catalogue)."""

    list_display = ["version", "published_at", "published_by", "sha256", "note"]
    exclude = ["document"]
