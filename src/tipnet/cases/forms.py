"""Forms for the case pages. They only shape input: values are checked by validation.py, the
same code that checks the API and HTCDS imports."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tipnet.codelists import services as codelists


def _choices(name: str, blank: bool = True):  # type: ignore[no-untyped-def]
    """The code list's choices, read when the form is built (labels in its language)."""
    return partial(codelists.choices, name, blank=blank)


def _select(name: str, label: Any, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=_choices(name), required=False, **kw)


def _multi(name: str, label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=_choices(name, blank=False),
                                     required=False, widget=forms.CheckboxSelectMultiple)


def _multi_select(name: str, label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=_choices(name, blank=False),
                                     required=False,
                                     widget=forms.SelectMultiple(attrs={"size": 6}))


DATE = partial(forms.DateField, required=False,
               widget=forms.DateInput(attrs={"type": "date"}))


class CaseForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    middle_name = forms.CharField(label=_("Middle name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    aliases = forms.CharField(label=_("Aliases"), required=False,
                              help_text=_("One per line."),
                              widget=forms.Textarea(attrs={"rows": 2}))
    birth_date = DATE(label=_("Date of birth"))
    estimated_age = forms.IntegerField(label=_("Estimated age"), required=False, min_value=0,
                                       max_value=120)
    age_basis = _select("age_basis", _("Age established by"))
    gender = _select("gender", _("Gender"))
    citizenship = _multi_select("country", _("Citizenship"))
    languages = _multi_select("language", _("Languages"))
    marital_status = _select("marital_status", _("Marital status"))
    education_level = _select("education_level", _("Highest level of education"))

    status = forms.ChoiceField(label=_("Case status"), choices=_choices("case_status", False))
    country = _select("country", _("Country of identification"))
    identified_on = DATE(label=_("Date of identification"))
    agreement_to_manage_data = forms.BooleanField(
        label=_("The person agreed to the management of their personal data"), required=False)
    trafficking_status = _select("trafficking_status", _("Trafficking status"))
    status_decided_by = _select("status_decision_org", _("Status decided by"))
    relationship_to_trafficker = _select("relationship_to_trafficker",
                                         _("Relationship to trafficker"))
    age_when_trafficked = forms.IntegerField(label=_("Age when trafficked"), required=False,
                                             min_value=0, max_value=120)
    exploitation_types = _multi("exploitation_type", _("Types of exploitation"))
    sex_exploitation_types = _multi("sex_exploitation_type", _("Types of sexual exploitation"))
    methods_of_control = _multi("method_of_control", _("Methods of control"))
    recruitment_methods = _multi("recruitment_method", _("Methods of recruitment"))
    industry = _select("industry", _("Industry (ISIC section)"))
    vulnerabilities = _multi("vulnerability", _("Vulnerabilities"))
    vulnerability_details = forms.CharField(label=_("Details of vulnerabilities"),
                                            required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))
    narrative = forms.CharField(label=_("Narrative"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    closure_reason = forms.CharField(label=_("Reason for closing"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))

    PERSON = ("given_name", "middle_name", "family_name", "birth_date", "estimated_age",
              "age_basis", "gender", "citizenship", "languages", "marital_status",
              "education_level")

    def __init__(self, *args: Any, can_decide: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not can_decide:
            for name in ("trafficking_status", "status_decided_by"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only a supervisor or organisation "
                                                "administrator may decide this.")

    def to_data(self) -> dict[str, Any]:
        cd = self.cleaned_data
        data: dict[str, Any] = {"person": {k: cd[k] for k in self.PERSON}}
        for key, value in cd.items():
            if key not in self.PERSON and key != "aliases":
                if self.fields[key].disabled:
                    continue
                data[key] = value
        data["aliases"] = [a.strip() for a in cd["aliases"].splitlines() if a.strip()]
        return data


class DocumentForm(forms.Form):
    kind = _select("document_type", _("Document type"))
    number = forms.CharField(label=_("Number"), required=False, max_length=200)
    issuing_country = _select("country", _("Issuing country"))
    expiry_date = DATE(label=_("Expiry date"))
    held_by_other = forms.BooleanField(label=_("Held by someone else"), required=False)


class ContactForm(forms.Form):
    kind = _select("contact_kind", _("Kind"))
    value = forms.CharField(label=_("Phone, e-mail or address"), required=False, max_length=200)
    safe_to_contact = forms.BooleanField(label=_("Safe to contact"), required=False)


class MovementForm(forms.Form):
    stage = _select("event_type", _("Stage"))
    from_country = _select("country", _("From country"))
    from_place = forms.CharField(label=_("From place"), required=False, max_length=120)
    to_country = _select("country", _("To country"))
    to_place = forms.CharField(label=_("To place"), required=False, max_length=120)
    departed_on = DATE(label=_("Departed on"))
    arrived_on = DATE(label=_("Arrived on"))
    transport = _select("transport_means", _("Means of transport"))
    border_crossing = forms.CharField(label=_("Border crossing point"), required=False,
                                      max_length=120)


class PerpetratorForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    alias = forms.CharField(label=_("Alias or nickname"), required=False, max_length=200)
    gender = _select("gender", _("Gender"))
    nationality = _select("country", _("Nationality"))
    roles = _multi_select("perpetrator_role", _("Role in the process"))
    role_details = forms.CharField(label=_("Details of role"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


CHILD_FORMS = {
    "documents": (DocumentForm, _("Identity documents")),
    "contacts": (ContactForm, _("Contact details")),
    "movements": (MovementForm, _("Movements")),
    "perpetrators": (PerpetratorForm, _("Perpetrators")),
}


def child_formsets(data: Any = None, initial: dict[str, list] | None = None):  # type: ignore[no-untyped-def]
    out = {}
    for name, (form_class, title) in CHILD_FORMS.items():
        formset_class = forms.formset_factory(form_class, extra=1, max_num=200)
        fs = formset_class(data, prefix=name, initial=(initial or {}).get(name))
        fs.title = title
        out[name] = fs
    return out


def formset_rows(formset) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    rows = []
    for form in formset.forms:
        if not form.has_changed():
            continue
        cd = {k: v for k, v in form.cleaned_data.items()}
        if any(v not in (None, "", [], False) for v in cd.values()):
            rows.append(cd)
    return rows


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=20000)


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Consent to"), choices=_choices("consent_scope", False))
    given = forms.TypedChoiceField(label=_("Answer"), coerce=lambda v: v == "yes",
                                   choices=[("yes", _("Given")), ("no", _("Refused"))])
    given_by = forms.ChoiceField(label=_("Given by"), choices=_choices("consent_given_by", False))
    given_by_name = forms.CharField(label=_("Name of the person giving consent"),
                                    required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    organisations = forms.MultipleChoiceField(
        label=_("Only these organisations (consent to share; none chosen: any)"),
        required=False, choices=[])

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from tipnet.accounts.models import Organisation

        self.fields["organisations"].choices = [
            (str(o.uuid), o.name) for o in Organisation.objects.filter(is_active=True)]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=2000)


class EraseForm(forms.Form):
    confirm_reference = forms.CharField(label=_("Type the case reference to confirm"))
    request_reference = forms.CharField(
        label=_("Reference of the erasure request"), max_length=64,
        help_text=_("The data-protection request's number. Do not enter a name."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, alias, phone, e-mail, document number or reference"),
                        required=False)
    status = _select("case_status", _("Case status"))
    trafficking_status = _select("trafficking_status", _("Trafficking status"))
    exploitation_type = _select("exploitation_type", _("Type of exploitation"))
    country = _select("country", _("Country"))
    identified_from = DATE(label=_("Identified from"))
    identified_to = DATE(label=_("Identified to"))
