"""HTCDS fixtures: a case that uses every mapped field, and helpers to export and import."""

from __future__ import annotations

import copy

import pytest

# Values with ';', '|', '\', quotes, newlines and non-ASCII, to exercise CSV escaping.
RICH_CASE = {
    "person": {"given_name": "Amina; \"Ami\"", "middle_name": "K|L", "family_name": "Back\\slash",
               "birth_date": "2001-04-05", "estimated_age": 24, "age_basis": "document",
               "gender": "Feminine", "citizenship": ["NP", "IN"],
               "languages": ["ne", "hi", "en", "bn"], "marital_status": "Single",
               "education_level": "PrimaryEducation"},
    "status": "Closed",
    "closure_reason": "Moved; referred elsewhere",
    "country": "IN",
    "identified_on": "2026-03-01",
    "agreement_to_manage_data": True,
    "trafficking_status": "ActualVictimOfTrafficking",
    "status_decided_by": "NGO",
    "relationship_to_trafficker": "Acquainted",
    "age_when_trafficked": 17,
    "exploitation_types": ["ForcedLabour", "SexualExploitation"],
    "sex_exploitation_types": ["Prostitution"],
    "methods_of_control": ["DebtBondage", "WithholdsDocuments", "FalsePromises"],
    "recruitment_methods": ["ThroughOnlineSocialNetworks"],
    "recruitment_websites": ["Facebook", "4Sale"],
    "exploitation_websites": ["WhatsApp"],
    "industry": "F_Construction",
    "vulnerabilities": ["Poverty", "Migration"],
    "vulnerability_details": "Debts at home; \\ no work.",
    "narrative": "Line one; with a semicolon.\nLine two, \"quoted\", a | bar, a \\ and ünïcödé ✓",
    "aliases": ["Tess", "Ami;Amy", "A|B"],
    "contacts": [
        {"kind": "phone", "value": "+977 984-1234567", "safe_to_contact": True,
         "notes": "after 6pm; not weekends"},
        {"kind": "email", "value": "amina@example.org"},
        {"kind": "messaging", "value": "@ami|2"},
    ],
    "documents": [
        {"kind": "passport", "number": "PA 99887766", "issuing_country": "NP",
         "expiry_date": "2030-01-01", "held_by_other": True},
        {"kind": "national_id", "number": "123;456"},
    ],
    "movements": [
        {"stage": "Recruitment", "from_country": "NP", "from_place": "Kathmandu",
         "to_country": "IN", "to_place": "Delhi", "departed_on": "2025-01-02",
         "arrived_on": "2025-01-04", "transport": "bus", "border_crossing": "Sunauli",
         "description": "Promised; hotel work"},
        {"stage": "Transit", "from_country": "IN", "from_place": "Delhi", "to_country": "AE",
         "arrived_on": "2025-02-01", "transport": "air"},
        {"stage": "Exploitation", "to_country": "AE", "to_place": "Dubai",
         "description": "Building site"},
    ],
    "perpetrators": [
        {"name": "Fake Recruiter", "alias": "Boss", "gender": "Masculine", "nationality": "NP",
         "roles": ["RecruiterOrIntermediary", "Transporter"],
         "role_details": "Ran the agency; took passports"},
        {"name": "Madonna", "roles": ["Exploiter"]},
    ],
}
COMMENTS = ["First contact; all well.", "Moved to shelter | safe"]
CONSENTS = [
    {"scope": "data_processing", "given": True, "given_at": "2026-03-01T09:00:00+00:00"},
    {"scope": "share_with_organisations", "given": False, "given_by": "guardian",
     "given_by_name": "Uncle; Bob", "given_at": "2026-03-02T10:00:00+00:00",
     "notes": "Refused for now"},
    {"scope": "contact", "given": True, "given_at": "2026-03-03T11:00:00+00:00",
     "withdraw": True},
]


@pytest.fixture
def rich_case_data():
    return copy.deepcopy(RICH_CASE)


@pytest.fixture
def make_rich_case(rich_case_data):
    """An org admin's case using every field HTCDS maps, with comments and consents."""
    from tipnet.cases import notes, services

    def make(user, **overrides):
        case = services.create_case(user, {**rich_case_data, **overrides})
        for text in COMMENTS:
            notes.add_comment(user, case.pk, text)
        for consent in CONSENTS:
            data = {k: v for k, v in consent.items() if k != "withdraw"}
            record = notes.record_consent(user, case.pk, data)
            if consent.get("withdraw"):
                notes.withdraw_consent(user, case.pk, record.pk)
        return case
    return make


@pytest.fixture
def other_admin(other_org, make_user):
    return make_user(other_org, "org_admin")
