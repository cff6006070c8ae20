"""The Delphi rules, table-driven, each combination at its boundary."""

import pytest

from tipnet.identification import delphi


@pytest.mark.parametrize("strong, medium, weak, rule", [
    (0, 0, 0, None),
    (1, 0, 0, None),  # one strong alone is not enough
    (2, 0, 0, "a"),
    (1, 1, 0, "b"),
    (1, 0, 1, "b"),
    (0, 2, 0, None),  # two medium: one short of (c)
    (0, 3, 0, "c"),
    (0, 2, 1, "d"),
    (0, 1, 1, None),
    (0, 1, 2, None),  # weak indicators never make up for medium ones
    (0, 0, 3, None),
    (0, 0, 9, None),
    (3, 3, 3, "a"),  # the first rule that applies is named
    (1, 3, 0, "b"),
    (0, 4, 2, "c"),
])
def test_dimension_rule(strong, medium, weak, rule):
    assert delphi.dimension_rule(strong, medium, weak) == rule


REC, EXP = "deceptive_recruitment", "exploitative_conditions"
COE, VUD = "coercion_at_destination", "abuse_of_vulnerability_at_destination"


@pytest.mark.parametrize("positive, met", [
    ({REC, EXP, COE}, True),
    ({"coercive_recruitment", EXP, VUD}, True),
    ({"abuse_of_vulnerability_at_recruitment", EXP, COE}, True),
    ({REC, EXP}, False),  # no Means at destination
    ({REC, COE}, False),  # no Purpose
    ({EXP, COE}, False),  # no recruitment: no Act
    (set(), False),
])
def test_adult_needs_recruitment_exploitation_and_destination_means(positive, met):
    assert delphi.combine(positive, child=False, act_indicator=False).met is met
    # An Act indicator alone never stands in for the adult's recruitment dimension.
    assert delphi.combine(positive, child=False, act_indicator=True).met is met


@pytest.mark.parametrize("positive, act_indicator, met", [
    ({REC, EXP}, False, True),  # Means at destination waived
    ({EXP}, True, True),  # the Act from an Act indicator, no Means at all
    ({EXP}, False, False),  # no Act
    ({REC}, True, False),  # no Purpose
    ({COE, VUD}, True, False),
])
def test_child_needs_act_and_purpose_but_no_means(positive, act_indicator, met):
    assert delphi.combine(positive, child=True, act_indicator=act_indicator).met is met


@pytest.mark.parametrize("positive, cls", [
    (set(), "successful_migrant"),
    ({EXP}, "exploited_migrant"),
    ({REC, EXP}, "deception_and_exploitation"),
    ({REC, EXP, COE}, "trafficking_for_forced_labour"),
    ({"coercive_recruitment", EXP, COE}, "trafficking_for_forced_labour"),
    ({COE}, "unclassified"),
    ({"coercive_recruitment", EXP}, "unclassified"),
])
def test_survey_classification(positive, cls):
    assert delphi.survey_class(positive) == cls
