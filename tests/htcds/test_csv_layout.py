"""CSV layout: unique HTCDS column names, positional lists, escaping that round-trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tipnet.htcds import csv_layout


def test_columns_are_the_htcds_field_names_and_unique():
    header = csv_layout.header()
    assert len(header) == len(set(header))
    assert {"prs_FirstName", "vic_TypeOfExploitation", "hte_Type", "hte_Country",
            "per_RoleInProcess", "per_prs_FirstName", "cco_CaseComment", "con_Consent",
            "hte_x_tipnet_Transport"} <= set(header)
    assert "hte_Events" not in header


def test_repeated_objects_flatten_position_by_position():
    record = {"vic_TypeOfExploitation": ["ForcedLabour", "SexualExploitation"],
              "hte_Events": [{"hte_Type": "Recruitment", "hte_Country": "NP",
                              "hte_City": "Kathmandu"},
                             {"hte_Type": "Transit", "hte_Country": "IN"}],
              "per_Perpetrators": [{"per_RoleInProcess": ["RecruiterOrIntermediary",
                                                          "Transporter"]},
                                   {"per_RoleInProcess": ["Exploiter"]}]}
    cells = dict(zip(csv_layout.header(), csv_layout.record_to_row(record), strict=True))
    assert cells["vic_TypeOfExploitation"] == "ForcedLabour;SexualExploitation"
    assert cells["hte_Type"] == "Recruitment;Transit"
    assert cells["hte_Country"] == "NP;IN"
    assert cells["hte_City"] == "Kathmandu;"
    assert cells["hte_Date"] == ""
    assert cells["per_RoleInProcess"] == "RecruiterOrIntermediary|Transporter;Exploiter"
    assert csv_layout.row_to_record(cells) == record


def test_empty_positions_and_types_are_read_back():
    cells = {"hte_Type": "Transit;;Exploitation", "hte_City": ";Delhi",
             "hte_x_tipnet_Sequence": "1;2;3", "con_Consent": "true;no",
             "x_tipnet_EstimatedAge": "30", "vic_AgreementToManagePersonalData": "TRUE"}
    assert csv_layout.row_to_record(cells) == {
        "hte_Events": [{"hte_Type": "Transit", "x_tipnet_Sequence": 1},
                       {"hte_City": "Delhi", "x_tipnet_Sequence": 2},
                       {"hte_Type": "Exploitation", "x_tipnet_Sequence": 3}],
        "con_Consents": [{"con_Consent": True}, {"con_Consent": False}],
        "x_tipnet_EstimatedAge": 30, "vic_AgreementToManagePersonalData": True}


def test_unparseable_values_stay_text_for_the_schema_to_report():
    record = csv_layout.row_to_record({"vic_AgeWhenTrafficked": "about 17",
                                       "con_Consent": "maybe"})
    assert record == {"vic_AgeWhenTrafficked": "about 17",
                      "con_Consents": [{"con_Consent": "maybe"}]}


def test_single_valued_cells_are_not_escaped():
    record = {"x_tipnet_Narrative": "a;b|c\\d"}
    cells = dict(zip(csv_layout.header(), csv_layout.record_to_row(record), strict=True))
    assert cells["x_tipnet_Narrative"] == "a;b|c\\d"
    assert csv_layout.row_to_record(cells) == record


@given(st.lists(st.text(min_size=1), min_size=1, max_size=5))
def test_escaped_lists_round_trip(values):
    cell = ";".join(csv_layout.escape(v) for v in values)
    parts = csv_layout.split(cell, ";")
    assert [csv_layout.unescape(p) for p in parts] == values


@given(st.lists(st.lists(st.text(min_size=1), min_size=1, max_size=3), min_size=1, max_size=3))
def test_nested_lists_round_trip(rows):
    cell = ";".join("|".join(csv_layout.escape(v) for v in row) for row in rows)
    back = [[csv_layout.unescape(v) for v in csv_layout.split(part, "|")]
            for part in csv_layout.split(cell, ";")]
    assert back == rows
