"""The operator's contact form."""

from __future__ import annotations

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.codelists import services as codelists


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=partial(
        codelists.choices, "contact_channel"))
    caller_type = forms.ChoiceField(label=_("Who is contacting"), required=False,
                                    choices=partial(codelists.choices, "caller_type", blank=True))
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=partial(codelists.choices, "language", blank=True))
    country = forms.ChoiceField(label=_("Country"), required=False,
                                choices=partial(codelists.choices, "country", blank=True))
    location = forms.CharField(label=_("Where"), required=False, max_length=500)
    narrative = forms.CharField(label=_("What was said"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    flags = forms.MultipleChoiceField(label=_("Danger signs"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      choices=partial(codelists.choices, "danger_flag"))
    caller_name = forms.CharField(label=_("Name given (optional)"), required=False,
                                  max_length=500)
    caller_contact = forms.CharField(label=_("How to reach them, if it is safe"),
                                     required=False, max_length=500)
