"""Validated screens: cut-offs, "declined" is not "no", published accuracy beside the result."""

import pytest

from tipnet.identification import screening


@pytest.mark.parametrize("screen, answers, result", [
    ("qyit", {"qyit.1": "yes"}, "positive"),  # one yes is enough
    ("qyit", {f"qyit.{i}": "no" for i in range(1, 5)}, "negative"),
    ("qyit", {"qyit.1": "no", "qyit.2": "no", "qyit.3": "no", "qyit.4": "declined"},
     "inconclusive"),
    ("qyit", {"qyit.1": "no"}, "inconclusive"),  # three not asked could be yes
    ("cst6", {"cst6.1": "yes", "cst6.2": "yes"}, "positive"),
    ("cst6", {"cst6.1": "yes", **{f"cst6.{i}": "no" for i in range(2, 7)}}, "negative"),
    ("cst6", {"cst6.1": "yes", "cst6.2": "declined",
              **{f"cst6.{i}": "no" for i in range(3, 7)}}, "inconclusive"),
    ("m_ahtst", {f"m_ahtst.{i}": "yes" for i in range(1, 7)}, "positive"),
    ("m_ahtst", {**{f"m_ahtst.{i}": "yes" for i in range(1, 6)}, "m_ahtst.6": "no",
                 "m_ahtst.7": "no", "m_ahtst.8": "no"}, "negative"),
    ("m_ahtst", {**{f"m_ahtst.{i}": "yes" for i in range(1, 6)}, "m_ahtst.6": "no",
                 "m_ahtst.7": "no", "m_ahtst.8": "declined"}, "inconclusive"),
])
def test_cut_offs(screen, answers, result):
    assert screening.score(screen, answers)["result"] == result


def test_the_result_carries_accuracy_population_and_caveat():
    out = screening.score("cst6", {"cst6.1": "yes", "cst6.6": "yes"})
    assert out["validation"]["sensitivity"] == 0.844
    assert out["validation"]["specificity"] == 0.575
    assert "10 to 17" in out["validation"]["population"]
    assert "reason to refer, not a finding" in out["caveat"]
    assert "84%" in out["caveat"] and "57%" in out["caveat"]
    assert out["covers"] == ["cd.violence", "vr.personal_situation"]


def test_results_in_other_languages():
    out = screening.score("qyit", {"qyit.1": "yes"}, lang="es")
    assert out["name"] != screening.score("qyit", {"qyit.1": "yes"})["name"]


@pytest.mark.parametrize("screen, answers, key", [
    ("nope", {}, "screen"),
    ("qyit", {"qyit.9": "yes"}, "answers.qyit.9"),
    ("qyit", {"qyit.1": "maybe"}, "answers.qyit.1"),
    ("qyit", ["yes"], "answers"),
])
def test_bad_answers_are_refused(screen, answers, key):
    with pytest.raises(screening.ScreenError) as info:
        screening.score(screen, answers)
    assert key in info.value.errors
