"""The Delphi rules: when a dimension is positive, and how dimensions make an outcome.

Pure functions over indicator ids, weights and verdicts; ``assessment.py`` turns them into an
explained outcome. Every rule is monotone: an added indicator can turn a dimension positive,
never negative, so an added indicator never lowers an outcome (tested as a property).
"""

from __future__ import annotations

from dataclasses import dataclass

RECRUITMENT = ("deceptive_recruitment", "coercive_recruitment",
               "abuse_of_vulnerability_at_recruitment")
EXPLOITATION = "exploitative_conditions"
DESTINATION = ("coercion_at_destination", "abuse_of_vulnerability_at_destination")


def dimension_rule(strong: int, medium: int, weak: int) -> str | None:
    """The first rule that makes a dimension positive, or None: (a) 2 strong; (b) 1 strong
    and 1 medium or weak; (c) 3 medium; (d) 2 medium and 1 weak."""
    if strong >= 2:
        return "a"
    if strong >= 1 and medium + weak >= 1:
        return "b"
    if medium >= 3:
        return "c"
    if medium >= 2 and weak >= 1:
        return "d"
    return None


@dataclass(frozen=True)
class Elements:
    act: bool
    means: bool
    purpose: bool
    rule: str  # adult | child
    met: bool


def combine(positive: set[str], child: bool, act_indicator: bool) -> Elements:
    """Palermo's Act + Means + Purpose from the positive dimensions.

    An adult needs a positive recruitment dimension (Act and Means at recruitment), positive
    exploitative conditions (Purpose) and positive coercion or abuse of vulnerability at
    destination (Means). A child needs the Act (a positive recruitment dimension, or an Act
    indicator such as being transported) and the Purpose: Means are not required."""
    recruitment = any(d in positive for d in RECRUITMENT)
    purpose = EXPLOITATION in positive
    destination = any(d in positive for d in DESTINATION)
    if child:
        act = recruitment or act_indicator
        return Elements(act, recruitment or destination, purpose, "child", act and purpose)
    return Elements(recruitment, recruitment or destination, purpose, "adult",
                    recruitment and purpose and destination)


def survey_class(positive: set[str]) -> str:
    """The ILO survey classification (Moldova 2008) from the positive dimensions."""
    deceptive = "deceptive_recruitment" in positive
    coercive = "coercive_recruitment" in positive
    exploited = EXPLOITATION in positive
    coerced = "coercion_at_destination" in positive
    if (deceptive or coercive) and exploited and coerced:
        return "trafficking_for_forced_labour"
    if deceptive and exploited:
        return "deception_and_exploitation"
    if exploited and not (deceptive or coercive or coerced):
        return "exploited_migrant"
    if not (deceptive or coercive or exploited or coerced):
        return "successful_migrant"
    return "unclassified"
