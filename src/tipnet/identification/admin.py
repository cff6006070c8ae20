"""The catalogue versions in the admin: listed, never edited; a new version is published from
a JSON document (the format ``tipnet export_catalogue`` writes), checked in full first."""

import json

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path

from tipnet.lib.admin import ReadOnlyAdmin

from . import services
from .models import CatalogueVersion

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class PublishForm(forms.Form):
    document = forms.FileField(help_text="A catalogue document (JSON), as export_catalogue "
                                         "writes it, with a new, higher version.")
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea,
                           help_text="What changed, for the record.")


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(ReadOnlyAdmin):
    list_display = ["version", "published_at", "published_by", "sha256", "note"]
    exclude = ["document"]
    change_list_template = "identification/admin_catalogue_list.html"

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [path("publish/", self.admin_site.admin_view(self.publish),
                     name="identification_catalogueversion_publish"), *super().get_urls()]

    def publish(self, request):  # type: ignore[no-untyped-def]
        problems: list[str] = []
        form = PublishForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                if upload.size > MAX_DOCUMENT_BYTES:
                    raise ValueError("the document is larger than 5 MB")
                document = json.loads(upload.read().decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                problems = [f"not a JSON document: {error}"]
            else:
                try:
                    row = services.publish_catalogue(request.user, document,
                                                     note=form.cleaned_data["note"])
                except services.PermissionDenied:
                    problems = ["your role may not publish catalogues"]
                except services.CatalogueProblem as error:
                    problems = error.problems
                else:
                    messages.success(request, f"Published catalogue {row.version}.")
                    return redirect("admin:identification_catalogueversion_changelist")
        return render(request, "identification/admin_publish.html", {
            **self.admin_site.each_context(request), "form": form, "problems": problems,
            "title": "Publish a new catalogue version", "opts": self.model._meta},
            status=400 if problems else 200)
