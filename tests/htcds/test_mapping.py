"""Mapping rules that are not a one-to-one copy (see tipnet/htcds/rules.py)."""

from __future__ import annotations

import pytest

from tipnet.htcds import mapping, rules


@pytest.mark.parametrize("name, parts", [
    ("Fake Recruiter", ("Fake", "Recruiter")),
    ("Anna Maria de Souza", ("Anna Maria de", "Souza")),
    ("Madonna", ("Madonna", "")),
    ("A  B", ("A ", "B")),
])
def test_perpetrator_names_split_and_join_back(name, parts):
    assert rules.split_name(name) == parts
    assert rules.join_name(*parts) == name


def test_events_take_the_place_of_recruitment_at_the_origin():
    assert rules.event_side("Recruitment") == "from"
    assert rules.event_side("Transit") == "to"
    assert rules.event_side("Exploitation") == "to"
    assert rules.event_side(None) == "to"


def test_a_foreign_htcds_record_maps_to_tipnet_case_data():
    mapped = mapping.record_to_case({
        "prs_FirstName": "Nadia", "prs_PrimaryLanguage": "ar", "prs_SecondaryLanguage": "fr",
        "prs_IdentityNumber": "X123", "prs_Email": "n@example.org", "prs_HomePhone": "+961 1 234",
        "prs_MobilePhone": "+961 70 123",
        "hte_Events": [{"hte_Type": "Recruitment", "hte_Country": "LB", "hte_Date": "2024-05-01"},
                       {"hte_Type": "Exploitation", "hte_Country": "IQ", "hte_City": "Erbil"}],
        "per_Perpetrators": [{"prs_FirstName": "Abu", "prs_SecondName": "Karim",
                              "prs_Citizenship": ["LB"]}],
        "con_Consents": [{"con_Consent": True}],
    })
    data = mapped.data
    assert data["person"] == {"given_name": "Nadia", "languages": ["ar", "fr"]}
    assert data["documents"] == [{"kind": "other", "number": "X123"}]
    assert data["contacts"] == [{"kind": "email", "value": "n@example.org"},
                                {"kind": "phone", "value": "+961 70 123"},
                                {"kind": "phone", "value": "+961 1 234"}]
    assert data["movements"] == [{"stage": "Recruitment", "from_country": "LB",
                                  "departed_on": "2024-05-01"},
                                 {"stage": "Exploitation", "to_country": "IQ",
                                  "to_place": "Erbil"}]
    assert data["perpetrators"] == [{"name": "Abu Karim", "nationality": "LB"}]
    assert mapped.notes["consents"] == [{"given": True, "scope": "data_processing"}]
    assert mapped.errors == {}


def test_values_already_in_the_lists_are_not_added_twice():
    mapped = mapping.record_to_case({
        "prs_IdentityNumber": "PA 1",
        "x_tipnet_IdentityDocuments": [{"x_tipnet_DocumentType": "passport",
                                        "x_tipnet_DocumentNumber": "PA 1"}],
        "prs_MobilePhone": "+1 555",
        "x_tipnet_Contacts": [{"x_tipnet_ContactKind": "phone",
                               "x_tipnet_ContactValue": "+1 555"}]})
    assert mapped.data["documents"] == [{"kind": "passport", "number": "PA 1"}]
    assert mapped.data["contacts"] == [{"kind": "phone", "value": "+1 555"}]


def test_tipnet_paths_lead_back_to_the_htcds_field():
    mapped = mapping.record_to_case({
        "prs_PrimaryLanguage": "ar", "x_tipnet_OtherLanguages": ["fr", "xx"],
        "vic_MethodsOfControl": ["DebtBondage"], "prs_Email": "e@example.org",
        "hte_Events": [{"hte_Type": "Recruitment", "hte_Country": "LB",
                        "x_tipnet_ToCountry": "IQ"}]})
    assert mapped.htcds_path("person.languages.0") == "prs_PrimaryLanguage"
    assert mapped.htcds_path("person.languages.2") == "x_tipnet_OtherLanguages.1"
    assert mapped.htcds_path("methods_of_control.0") == "vic_MethodsOfControl.0"
    assert mapped.htcds_path("contacts.0.value") == "prs_Email"
    assert mapped.htcds_path("movements.0.from_country") == "hte_Events.0.hte_Country"
    assert mapped.htcds_path("movements.0.to_country") == "hte_Events.0.x_tipnet_ToCountry"
