"""The schema: fresh, valid, generated from the standard, faithful to tipnet's code lists."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator

from tipnet.codelists import services as codelists
from tipnet.htcds import mapping_doc, schema, standard


def test_checked_in_schema_and_mapping_doc_are_fresh():
    call_command("htcds_schema", "--check")


def test_check_fails_when_a_file_is_stale(tmp_path, monkeypatch):
    stale = tmp_path / "htcds-2.0.schema.json"
    stale.write_text("{}\n")
    monkeypatch.setattr(schema, "SCHEMA_PATH", stale)
    with pytest.raises(CommandError, match="stale: htcds-2.0.schema.json"):
        call_command("htcds_schema", "--check")
    assert stale.read_text() == "{}\n"  # --check writes nothing
    call_command("htcds_schema")
    assert stale.read_text() == schema.render()


def test_check_fails_when_the_mapping_doc_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(mapping_doc, "MAPPING_PATH", tmp_path / "MAPPING.md")
    with pytest.raises(CommandError, match="MAPPING.md"):
        call_command("htcds_schema", "--check")


def test_schema_is_valid_draft_2020_12_and_closed():
    built = schema.load()
    Draft202012Validator.check_schema(built)
    assert built["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert built["additionalProperties"] is False
    for group in standard.mapping().objects:
        assert built["properties"][group.key]["items"]["additionalProperties"] is False


def test_types_come_from_the_standard():
    props = schema.load()["properties"]
    assert props["prs_FirstName"]["type"] == "string"
    assert props["prs_Birthdate"] == {**props["prs_Birthdate"], "type": "string",
                                      "format": "date"}
    assert props["vic_AgreementToManagePersonalData"]["type"] == "boolean"
    assert props["vic_AgeWhenTrafficked"]["type"] == "integer"
    assert props["prs_Citizenship"]["items"]["pattern"] == "^[A-Z]{2}$"
    assert props["prs_PrimaryLanguage"]["type"] == "string"
    assert "enum" not in props["prs_PrimaryLanguage"]
    assert props["vic_MethodsOfControl"]["type"] == "array"
    assert props["vic_TraffickingStatus"]["enum"] == standard.fields()[
        "vic_TraffickingStatus"]["values"]
    events = props["hte_Events"]["items"]["properties"]
    assert events["hte_Type"]["enum"] == ["Recruitment", "Transit", "Exploitation"]
    assert events["hte_Country"]["pattern"] == "^[A-Z]{2}$"
    perpetrators = props["per_Perpetrators"]["items"]["properties"]
    assert {"per_RoleInProcess", "per_RoleDetails", "prs_FirstName", "prs_SecondName"} <= set(
        perpetrators)
    assert set(props) >= {"cco_Comments", "con_Consents"}


def test_every_mapped_picklist_has_the_same_codes_as_its_tipnet_code_list():
    m = standard.mapping()
    entries = [*m.record, *(e for g in m.objects for e in g.fields)]
    checked = 0
    for entry in entries:
        if entry.is_extension or not entry.codelist or entry.codelist in schema.OPEN_LISTS:
            continue
        values = standard.fields()[entry.key]["values"]
        assert codelists.get(entry.codelist).codes == values, entry.key
        checked += 1
    assert checked >= 15


def test_mapped_fields_come_from_the_right_sections():
    m = standard.mapping()
    for entry in m.record:
        assert entry.is_extension or entry.key[:4] in ("prs_", "vic_", "cas_"), entry.key
        assert entry.is_extension or entry.key in standard.fields(), entry.key
    prefixes = {"hte_Events": ("hte_",), "per_Perpetrators": ("per_", "prs_"),
                "cco_Comments": ("cco_",), "con_Consents": ("con_",)}
    for group in m.objects:
        for entry in group.fields:
            assert entry.is_extension or entry.key.startswith(prefixes[group.key]), entry.key


def test_extensions_are_documented_and_typed():
    built = schema.load()["properties"]
    for entry in standard.mapping().record:
        if entry.is_extension:
            assert entry.label and entry.description, entry.key
            assert built[entry.key]["description"] == entry.description


@pytest.mark.parametrize("record, expected", [
    ({}, [("", "the record is empty")]),
    ([], [("", "the record must be an object, not []")]),
    ({"prs_Gender": "Female"}, [("prs_Gender", "'Female' is not one of the HTCDS values")]),
    ({"prs_Birthdate": "2001-02-30"}, [("prs_Birthdate",
                                        "'2001-02-30' is not a date (YYYY-MM-DD)")]),
    ({"x_tipnet_Foo": 1}, [("x_tipnet_Foo", "is not a field tipnet maps (see the HTCDS schema)")]),
    ({"hte_Events": [{"hte_Country": "np"}]},
     [("hte_Events.0.hte_Country", "'np' is not an ISO 3166-1 alpha-2 country code")]),
    ({"per_Perpetrators": [{"prs_Citizenship": ["NP", "IN"]}]},
     [("per_Perpetrators.0.prs_Citizenship", "has more than 1 value(s)")]),
    ({"vic_AgeWhenTrafficked": 16.5}, [("vic_AgeWhenTrafficked",
                                        "must be a whole number, not 16.5")]),
])
def test_errors_name_the_field_and_say_why(record, expected):
    assert schema.errors(record) == expected


def test_fast_and_full_validators_agree(tmp_path):
    """The fast pre-check (fastjsonschema) and jsonschema accept and refuse the same records."""
    import copy

    from tipnet.htcds import schema

    valid = {"prs_FirstName": "Testa", "prs_Gender": "Feminine", "prs_Citizenship": ["NP"],
             "prs_Birthdate": "2001-04-05", "vic_TypeOfExploitation": ["ForcedLabour"]}
    broken = [
        {"prs_Gender": "Robot"}, {"prs_Citizenship": ["Nepal"]}, {"prs_Birthdate": "2001-02-30"},
        {"prs_Birthdate": 20010405}, {"vic_TypeOfExploitation": "ForcedLabour"},
        {"no_such_field": 1}, {"hte_Events": [{"hte_Type": "Holiday"}]}, [], "text",
    ]
    assert schema.errors(valid) == []
    assert list(schema.validator().iter_errors(valid)) == []
    for change in broken:
        record = {**copy.deepcopy(valid), **change} if isinstance(change, dict) else change
        full = list(schema.validator().iter_errors(record))
        assert full, change
        try:
            schema.fast_check()(record)
            fast_ok = True
        except Exception:  # noqa: BLE001 - any refusal counts
            fast_ok = False
        assert not fast_ok, change
        assert schema.errors(record), change
