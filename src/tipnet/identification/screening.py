"""Short validated screens: count the "yes" answers against the published cut-off.

"Declined" is not "no": a screen below its cut-off is *negative* only when the items declined
or not asked could not have reached it; otherwise it is *inconclusive*. Beside every result
stand the screen's published sensitivity and specificity and the population it was validated
in, and the reminder that a positive screen is a reason to refer, not a finding.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from . import catalogue as cat
from . import texts

ANSWERS = ("yes", "no", "declined")
RESULTS = ("positive", "negative", "inconclusive")


class ScreenError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def check_answers(screen_id: str, answers: Any) -> dict[str, str]:
    """The answers, checked: item id -> yes / no / declined (items may be left out)."""
    screen = cat.screens().get(screen_id)
    if screen is None:
        raise ScreenError({"screen": f"unknown screen {screen_id!r}; one of "
                                     f"{', '.join(cat.screens())}"})
    if not isinstance(answers, dict):
        raise ScreenError({"answers": "must be an object of item id: yes, no or declined"})
    items = {i["id"] for i in screen["items"]}
    errors = {}
    for key, value in answers.items():
        if key not in items:
            errors[f"answers.{key}"] = f"is not an item of {screen_id}"
        elif value not in ANSWERS:
            errors[f"answers.{key}"] = "must be yes, no or declined"
    if errors:
        raise ScreenError(errors)
    return dict(answers)


def score(screen_id: str, answers: dict[str, str], lang: str = "en") -> dict[str, Any]:
    answers = check_answers(screen_id, answers)
    screen = cat.screens()[screen_id]
    cut_off = screen["rule"]["at_least"]
    items = [i["id"] for i in screen["items"]]
    yes = [i for i in items if answers.get(i) == "yes"]
    declined = [i for i in items if answers.get(i) == "declined"]
    unanswered = [i for i in items if i not in answers]
    if len(yes) >= cut_off:
        result = "positive"
    elif len(yes) + len(declined) + len(unanswered) >= cut_off:
        result = "inconclusive"
    else:
        result = "negative"
    v = screen["validation"]
    with translation.override(lang):
        labels = {"positive": _("Positive screen: refer for a full assessment"),
                  "negative": _("Negative screen"),
                  "inconclusive": _("Inconclusive: items declined or not asked could reach "
                                    "the cut-off")}
        return {
            "screen": screen_id,
            "name": texts.pick(screen["name"], lang),
            "result": result,
            "label": labels[result],
            "yes": yes, "declined": declined, "unanswered": unanswered,
            "cut_off": cut_off,
            "rule": _("positive at %(n)d or more \"yes\" answers out of %(of)d") % {
                "n": cut_off, "of": len(items)},
            "validation": {**v, "population": texts.pick(screen["population"], lang)},
            "caveat": _("A positive screen is a reason to refer, not a finding. In the "
                        "population it was validated in, this screen found %(sens)s of "
                        "victims and cleared %(spec)s of non-victims; elsewhere it may do "
                        "worse.") % {"sens": f"{v['sensitivity']:.0%}",
                                     "spec": f"{v['specificity']:.0%}"},
            "covers": sorted({c for i in screen["items"] if i["id"] in yes
                              for c in i["covers"]}),
        }
