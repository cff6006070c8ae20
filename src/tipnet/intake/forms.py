"""The operator's contact form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.codelists import services as codelists


def _choices(name: str, blank: bool = True) -> list[tuple[str, str]]:
    return ([("", "—")] if blank else []) + list(codelists.choices(name))


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=lambda: _choices(
        "contact_channel", False))
    caller_type = forms.ChoiceField(label=_("Who is contacting"), required=False,
                                    choices=lambda: _choices("caller_type"))
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=lambda: _choices("language"))
    country = forms.ChoiceField(label=_("Country"), required=False,
                                choices=lambda: _choices("country"))
    location = forms.CharField(label=_("Where"), required=False, max_length=500)
    narrative = forms.CharField(label=_("What was said"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    flags = forms.MultipleChoiceField(label=_("Danger signs"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      choices=lambda: _choices("danger_flag", False))
    caller_name = forms.CharField(label=_("Name given (optional)"), required=False,
                                  max_length=500)
    caller_contact = forms.CharField(label=_("How to reach them, if it is safe"),
                                     required=False, max_length=500)
