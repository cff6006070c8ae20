"""The explained outcome: rules, presumption of minority, evidence, properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipnet.identification import assessment, catalogue
from tipnet.identification.profile import ProfileError, parse

CAT = catalogue.shipped()
ADULT = parse(30, "labour")
ADULT_RG = ["dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary",
            "cd.documents", "cd.debt_bondage"]


def outcome(present, profile=ADULT, ruleset="delphi-2009"):
    return assessment.assess(CAT, profile, present, ruleset)


def dim(result, name):
    return next(d for d in result["dimensions"] if d["id"] == name)


def test_no_indicators():
    result = outcome([])
    assert result["outcome"] == "no_indicators"
    assert result["label"] == "No indicators"


def test_reasonable_grounds_explains_every_dimension_and_rule():
    result = outcome(ADULT_RG)
    assert result["outcome"] == "reasonable_grounds"
    rec = dim(result, "deceptive_recruitment")
    assert rec["positive"] and rec["rule"] == "b"
    assert rec["strong"] == ["dr.nature_of_job"] and rec["medium"] == ["dr.wages"]
    assert dim(result, "coercion_at_destination")["rule"] == "a"
    assert not dim(result, "coercive_recruitment")["positive"]
    text = " ".join(result["explanation"])
    assert "Deceptive recruitment: positive by rule (b)" in text
    assert "Coercion at destination: positive by rule (a) 2 strong indicators" in text
    assert "is a victim" not in result["label"].replace("believe the person is a victim", "")
    assert any("not a finding" in c for c in result["caveats"])


def test_one_dimension_short_is_indicators_present():
    result = outcome(ADULT_RG[:4])  # nothing at destination
    assert result["outcome"] == "indicators_present"
    assert result["label"] == "Indicators present: refer for a full assessment"
    assert result["rule"] == {"id": "adult", "met": False, "text": result["rule"]["text"]}


def test_the_child_means_waiver():
    child = parse(15, "labour")
    present = ["act.transported", "ex.excessive_hours", "ex.hazardous_work"]
    assert outcome(present, child)["outcome"] == "reasonable_grounds"
    assert outcome(present, ADULT)["outcome"] == "indicators_present"


def test_presumption_of_minority_applies_child_rules_and_says_so():
    present = ["act.transported", "ex.excessive_hours", "ex.hazardous_work"]
    presumed = parse("unknown", "labour", True)
    result = outcome(present, presumed)
    assert result["outcome"] == "reasonable_grounds"
    assert result["profile"]["presumed_minor"] is True
    assert "presumption of minority" in result["explanation"][0]
    assert outcome(present, parse("unknown", "labour", False))["outcome"] == \
        "indicators_present"
    assert outcome(present, parse(17, "labour"))["profile"]["presumed_minor"] is False


def test_weights_follow_the_profile():
    # Threats of violence are medium for adults and strong for children.
    present = ["cd.threats_violence", "cd.denunciation"]
    assert not dim(outcome(present), "coercion_at_destination")["positive"]
    assert dim(outcome(present, parse(12, "labour")), "coercion_at_destination")["rule"] == "b"
    # Forced tasks or clients is strong in the sexual-exploitation lists.
    present = ["cd.forced_tasks_clients", "cd.denunciation"]
    assert dim(outcome(present, parse(30, "sexual")), "coercion_at_destination")["rule"] == "b"


def test_signs_count_through_the_indicator_they_evidence():
    result = outcome(["border.companion_holds_documents", "ilo.retention_of_documents"])
    counted = {i["id"]: i["via"] for i in result["indicators"]}
    assert counted == {"cr.documents": ["border.companion_holds_documents"],
                       "cd.documents": ["ilo.retention_of_documents"]}
    assert result["given"] == ["border.companion_holds_documents", "ilo.retention_of_documents"]


def test_a_sign_without_weight_still_means_indicators_present():
    assert outcome(["signs.behaviour.fearful"])["outcome"] == "indicators_present"


def test_unverified_weights_are_flagged():
    result = outcome(["dr.wages"])
    assert result["indicators"][0]["weights_verified"] is False
    assert any("unverified" in c for c in result["caveats"])


def test_unknown_indicators_are_named():
    with pytest.raises(assessment.UnknownIndicators) as info:
        outcome(["dr.wages", "nope", "also.nope"])
    assert info.value.ids == ["also.nope", "nope"]


def test_survey_ruleset():
    result = outcome(ADULT_RG, ruleset="ilo-survey-2012")
    assert result["outcome"] == "reasonable_grounds"
    assert result["rule"]["id"] == "trafficking_for_forced_labour"
    result = outcome(["ex.excessive_hours", "ex.low_no_salary"], ruleset="ilo-survey-2012")
    assert (result["outcome"], result["rule"]["id"]) == ("indicators_present",
                                                         "exploited_migrant")


def test_texts_in_the_language_asked():
    result = assessment.assess(CAT, ADULT, ADULT_RG, lang="fr")
    assert dim(result, "deceptive_recruitment")["label"] == CAT.label(
        "dimensions", "deceptive_recruitment", "fr")
    assert dim(result, "deceptive_recruitment")["label"] != "Deceptive recruitment"


@pytest.mark.parametrize("age, exploitation, may_be_minor, field", [
    ("twelve", "labour", False, "age"), (-1, "labour", False, "age"),
    (130, "labour", False, "age"), (True, "labour", False, "age"),
    (20, "organs", False, "exploitation"), (None, "labour", "yes", "may_be_minor")])
def test_bad_profiles_are_refused(age, exploitation, may_be_minor, field):
    with pytest.raises(ProfileError) as info:
        parse(age, exploitation, may_be_minor)
    assert field in info.value.errors


IDS = sorted(CAT.indicators)
RANK = {o: i for i, o in enumerate(assessment.OUTCOMES)}
profiles = st.builds(lambda age, unknown, minor, kind: parse(None if unknown else age, kind,
                                                             minor),
                     st.integers(0, 90), st.booleans(), st.booleans(),
                     st.sampled_from(["labour", "sexual"]))


@settings(max_examples=300, deadline=None)
@given(present=st.lists(st.sampled_from(IDS), max_size=25), extra=st.sampled_from(IDS),
       profile=profiles, ruleset=st.sampled_from(sorted(assessment.RULESETS)))
def test_adding_an_indicator_never_lowers_the_outcome(present, extra, profile, ruleset):
    before = assessment.assess(CAT, profile, present, ruleset)
    after = assessment.assess(CAT, profile, [*present, extra], ruleset)
    assert RANK[after["outcome"]] >= RANK[before["outcome"]]
    assert {d["id"] for d in after["dimensions"] if d["positive"]} >= \
        {d["id"] for d in before["dimensions"] if d["positive"]}


@settings(max_examples=50, deadline=None)
@given(profile=profiles, ruleset=st.sampled_from(sorted(assessment.RULESETS)))
def test_no_indicators_gives_no_indicators(profile, ruleset):
    assert assessment.assess(CAT, profile, [], ruleset)["outcome"] == "no_indicators"


@settings(max_examples=100, deadline=None)
@given(present=st.lists(st.sampled_from(IDS), min_size=1, max_size=10), profile=profiles)
def test_any_indicator_is_at_least_indicators_present(present, profile):
    assert assessment.assess(CAT, profile, present)["outcome"] != "no_indicators"
