"""Messaging channels in the admin (system administrators): the provider number, account and
webhook address. Contacts and messages are not shown here: they are survivors' words."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from . import messaging
from .models import MessagingChannel


class ChannelForm(forms.ModelForm):
    auth_token = forms.CharField(widget=forms.PasswordInput(render_value=False),
                                 required=False, help_text="Leave empty to keep the current one.")
    api_base = forms.URLField(assume_scheme="https", initial="https://api.twilio.com",
                              help_text="The provider's API address.")

    class Meta:
        model = MessagingChannel
        fields = ["organisation", "name", "kind", "number", "account_sid", "auth_token",
                  "api_base", "is_active"]

    def clean_auth_token(self):  # type: ignore[no-untyped-def]
        token = self.cleaned_data.get("auth_token")
        if not token and not (self.instance and self.instance.pk):
            raise forms.ValidationError("The provider's auth token is required.")
        return token or self.instance.auth_token


@admin.register(MessagingChannel)
class MessagingChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ("name", "organisation", "kind", "number", "is_active", "webhook")
    readonly_fields = ("webhook",)

    @admin.display(description="Webhook address for the provider")
    def webhook(self, obj):  # type: ignore[no-untyped-def]
        return format_html("<code>{}</code>", messaging.webhook_url(obj)) if obj.pk else "—"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.webhook_key:
            obj.webhook_key = messaging.new_webhook_key()
        super().save_model(request, obj, form, change)
