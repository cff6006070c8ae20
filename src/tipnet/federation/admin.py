"""Peers and messages in the Django admin, for system administrators (``federation.manage``).

A peer is added by pasting its identity card and typing the fingerprint its administrator
read out; its keys are never edited by hand. Messages are listed with their state, attempts
and last error, never with their payload; one action puts messages back in the queue.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from tipnet.lib.admin import ReadOnlyAdmin

from . import outbox, services
from .models import InboxMessage, LocalIdentity, OutboxMessage, Peer


def _may_manage(request) -> bool:  # type: ignore[no-untyped-def]
    user = request.user
    return bool(user.is_active and user.is_staff and user.can(services.MANAGE))


class FederationAdminMixin:
    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return _may_manage(request)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return _may_manage(request)


class PeerAddForm(forms.ModelForm):
    card = forms.CharField(label=_("identity card"), widget=forms.Textarea,
                           help_text=_("The peer's identity card (JSON), as "
                                       "tipnet federation_identity --card prints it."))
    checked_fingerprint = forms.CharField(
        label=_("fingerprint, as the peer read it out"), max_length=120,
        help_text=_("Call the peer's administrator and have them read their fingerprint "
                    "(tipnet federation_identity); type it here."))

    class Meta:
        model = Peer
        fields = ["name"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Empty: the name on the card.")

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if self.errors:
            return data
        try:
            card = json.loads(data["card"])
            peer = services.peer_from_card(card, fingerprint=data["checked_fingerprint"],
                                           name=data.get("name") or "")
        except ValueError as error:  # JSON errors and FederationError
            raise forms.ValidationError(str(error)) from None
        for name in ("name", "base_url", "signing_key", "encryption_key", "fingerprint"):
            setattr(self.instance, name, getattr(peer, name))
        return data

    def _post_clean(self):  # type: ignore[no-untyped-def]
        pass  # the instance was built and checked by services.peer_from_card


class PeerChangeForm(forms.ModelForm):
    class Meta:
        model = Peer
        fields = ["name", "base_url", "is_active"]
        field_classes = {"base_url": forms.CharField}

    def clean_base_url(self):  # type: ignore[no-untyped-def]
        try:
            return services.check_url(self.cleaned_data["base_url"])
        except services.FederationError as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(Peer)
class PeerAdmin(FederationAdminMixin, admin.ModelAdmin):
    form = PeerChangeForm
    list_display = ["name", "base_url", "fingerprint_grouped", "is_active", "last_seen_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "fingerprint"]
    fields = ["name", "base_url", "is_active", "fingerprint_grouped", "signing_key",
              "encryption_key", "created_at", "added_by", "last_seen_at"]
    readonly_fields = ["fingerprint_grouped", "signing_key", "encryption_key", "created_at",
                       "added_by", "last_seen_at"]

    @admin.display(description=_("fingerprint"))
    def fingerprint_grouped(self, obj):  # type: ignore[no-untyped-def]
        return obj.fingerprint_grouped

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        if obj is None:
            return PeerAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return ["name", "card", "checked_fingerprint"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [] if obj is None else self.readonly_fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return _may_manage(request)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return _may_manage(request)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # deactivate instead: messages and referrals keep pointing at it

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.save_new_peer(request.user, obj, via="web")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(FederationAdminMixin, ReadOnlyAdmin):
    list_display = ["created_at", "peer", "kind", "status", "attempts", "next_attempt_at",
                    "last_error", "answer", "delivered_at"]
    list_filter = ["status", "peer", "kind"]
    exclude = ["payload", "reply", "lease_until"]
    actions = ["retry_now"]

    @admin.action(description=_("Retry now (refused or waiting messages)"))
    def retry_now(self, request, queryset):  # type: ignore[no-untyped-def]
        count = 0
        for message in queryset.exclude(status=OutboxMessage.DELIVERED):
            outbox.retry_now(request.user, message, via="web")
            count += 1
        messages.success(request, _("%(n)d message(s) queued again.") % {"n": count})


@admin.register(InboxMessage)
class InboxMessageAdmin(FederationAdminMixin, ReadOnlyAdmin):
    list_display = ["received_at", "peer", "kind", "sent_at", "duplicates"]
    list_filter = ["peer", "kind"]
    exclude = ["payload", "reply"]


@admin.register(LocalIdentity)
class LocalIdentityAdmin(FederationAdminMixin, ReadOnlyAdmin):
    list_display = ["name", "base_url", "fingerprint_grouped", "is_current", "created_at"]
    exclude = ["signing_seed", "encryption_secret"]

    @admin.display(description=_("fingerprint"))
    def fingerprint_grouped(self, obj):  # type: ignore[no-untyped-def]
        return obj.fingerprint_grouped
