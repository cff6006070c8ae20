"""Export from one organisation, import into another, export again: nothing mapped is lost."""

from __future__ import annotations

import pytest
from django.db import connection

from tipnet.cases import services as case_services
from tipnet.htcds import schema

from .conftest import COMMENTS, RICH_CASE
from .helpers import comparable, export_records, export_text, import_bytes


@pytest.fixture
def source_cases(org_admin, make_rich_case, make_case):
    return [make_rich_case(org_admin), make_case(org_admin),
            case_services.create_case(org_admin, {"person": {"given_name": "Only"}})]


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonl"])
def test_round_trip_preserves_every_mapped_field(fmt, source_cases, org_admin, other_admin):
    exported = export_text(org_admin, fmt)
    assert import_bytes(other_admin, exported, fmt) == len(source_cases)
    before = [comparable(r) for r in export_records(org_admin)]
    after = [comparable(r) for r in export_records(other_admin)]
    assert after == before
    # Every field of the rich case made it out in the first place.
    rich = before[0]
    assert rich["prs_FirstName"] == RICH_CASE["person"]["given_name"]
    assert rich["x_tipnet_Narrative"] == RICH_CASE["narrative"]
    assert [c["cco_CaseComment"] for c in rich["cco_Comments"]] == COMMENTS
    assert len(rich["hte_Events"]) == 3 and len(rich["per_Perpetrators"]) == 2
    assert rich["x_tipnet_OtherLanguages"] == ["en", "bn"]


def test_imported_case_reads_back_decrypted_and_is_stored_encrypted(source_cases, org_admin,
                                                                    other_admin):
    import_bytes(other_admin, export_text(org_admin, "csv"), "csv")
    imported = (case_services.case_detail_queryset()
                .filter(organisation=other_admin.organisation, person__isnull=False)
                .order_by("created_at", "reference").first())
    person = imported.person
    assert person.given_name == RICH_CASE["person"]["given_name"]
    assert person.family_name == "Back\\slash"
    assert str(person.birth_date) == "2001-04-05"
    assert imported.narrative == RICH_CASE["narrative"]
    assert imported.closure_reason == "Moved; referred elsewhere"
    assert {a.name for a in imported.aliases.all()} == {"A|B", "Ami;Amy", "Tess"}
    assert [d.number for d in imported.documents.all()] == ["PA 99887766", "123;456"]
    assert imported.person.languages == ["ne", "hi", "en", "bn"]
    assert imported.methods_of_control == RICH_CASE["methods_of_control"]
    legs = list(imported.movements.all())
    assert (legs[0].from_place, legs[0].to_place, legs[0].transport) == ("Kathmandu", "Delhi",
                                                                         "bus")
    assert legs[0].description == "Promised; hotel work"
    assert [p.name for p in imported.perpetrators.all()] == ["Fake Recruiter", "Madonna"]
    consents = {c.scope: c for c in imported.consents.all()}
    assert consents["share_with_organisations"].given_by_name == "Uncle; Bob"
    assert consents["contact"].withdrawn_at is not None
    assert consents["data_processing"].active
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, birth_date FROM cases_person WHERE id = %s",
                       [person.pk.hex if connection.vendor == "sqlite" else person.pk])
        raw_name, raw_birth = cursor.fetchone()
    assert "Amina" not in raw_name and "2001" not in raw_birth


def test_every_exported_record_validates(source_cases, org_admin):
    records = export_records(org_admin)
    assert len(records) == 3
    for record in records:
        assert schema.errors(record) == []
        schema.validator().validate(record)


def test_events_place_recruitment_at_origin_others_at_destination(source_cases, org_admin):
    events = export_records(org_admin)[0]["hte_Events"]
    assert [(e["hte_Type"], e.get("hte_Country"), e.get("hte_City")) for e in events] == [
        ("Recruitment", "NP", "Kathmandu"), ("Transit", "AE", None),
        ("Exploitation", "AE", "Dubai")]
    assert events[0]["x_tipnet_ToCountry"] == "IN"
    assert events[0]["hte_Date"] == "2025-01-02"
    assert events[1]["x_tipnet_FromPlace"] == "Delhi"
    assert "x_tipnet_FromCountry" not in events[0] and "x_tipnet_ToCountry" not in events[1]


def test_csv_round_trip_keeps_semicolons_in_values(org_admin, other_admin, make_case):
    make_case(org_admin, narrative="a;b;;c", aliases=["x;y", "z\\;"],
              perpetrators=[{"name": "One; Two", "roles": ["Exploiter"],
                             "role_details": "p;q|r\\"}])
    text = export_text(org_admin, "csv")
    assert "x\\;y" in text
    import_bytes(other_admin, text, "csv")
    record = export_records(other_admin)[0]
    assert record["x_tipnet_Narrative"] == "a;b;;c"
    assert record["x_tipnet_Aliases"] == ["x;y", "z\\;"]
    assert record["per_Perpetrators"][0]["per_RoleDetails"] == "p;q|r\\"
    assert record["per_Perpetrators"][0]["prs_FirstName"] == "One;"
