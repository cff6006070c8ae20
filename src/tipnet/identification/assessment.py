"""The legal-element assessment: indicators present -> an outcome that explains itself.

Stateless: ``assess(catalogue, profile, indicator ids, ruleset)`` returns a plain dict (stored
with an assessment, returned by ``POST /api/identification/assess``). Outcomes are graded and
never say that someone *is* a victim:

- ``no_indicators``: none of the indicators given is present;
- ``indicators_present``: refer for a full assessment;
- ``reasonable_grounds``: reasonable grounds to believe the person is a victim of trafficking.

Indicators that only evidence others (an ILO indicator, a warning sign, a border sign) count
through the Delphi or Act indicators they evidence; the explanation says so ("via").
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from . import catalogue as cat
from . import delphi, texts
from .profile import Profile

OUTCOMES = ("no_indicators", "indicators_present", "reasonable_grounds")
RULESETS = {"delphi-2009": "1", "ilo-survey-2012": "1"}
DEFAULT_RULESET = "delphi-2009"


class UnknownIndicators(ValueError):
    def __init__(self, ids: list[str], version: str):
        super().__init__(f"not in catalogue {version}: {', '.join(ids)}")
        self.ids, self.version = ids, version


def outcome_label(outcome: str) -> str:
    return {
        "no_indicators": _("No indicators"),
        "indicators_present": _("Indicators present: refer for a full assessment"),
        "reasonable_grounds": _("Reasonable grounds to believe the person is a victim of "
                                "trafficking"),
    }[outcome]


def _expand(catalogue: cat.Catalogue, present: list[str]) -> dict[str, list[str]]:
    """Each indicator that counts, with the indicators given that made it count."""
    counted: dict[str, list[str]] = {}
    for iid in present:
        indicator = catalogue.get(iid)
        assert indicator is not None
        targets = indicator.evidences or (iid,)
        for target in targets:
            via = counted.setdefault(target, [])
            if target != iid and iid not in via:
                via.append(iid)
    return counted


def assess(catalogue: cat.Catalogue, profile: Profile, present: list[str],
           ruleset: str = DEFAULT_RULESET, lang: str = "en",
           coverage: dict[str, int] | None = None) -> dict[str, Any]:
    """``coverage`` (from an interview): how many questions were declined or left unanswered,
    so that "no indicators" is never read as "asked everything, and nothing was found"."""
    if ruleset not in RULESETS:
        raise ValueError(f"unknown rule set {ruleset!r}")
    unknown = sorted({i for i in present if catalogue.get(i) is None})
    if unknown:
        raise UnknownIndicators(unknown, catalogue.version)
    present = list(dict.fromkeys(present))  # once each, in the order given
    counted = _expand(catalogue, present)
    key = profile.key
    with translation.override(lang):
        dimensions, positive = [], set()
        for dim in catalogue.dimensions:
            fired = {"strong": [], "medium": [], "weak": []}  # type: dict[str, list[str]]
            for iid in counted:
                indicator = catalogue.indicators[iid]
                weight = indicator.weight(key) if indicator.dimension == dim else None
                if weight:
                    fired[weight].append(iid)
            rule = delphi.dimension_rule(*(len(fired[w]) for w in cat.WEIGHTS))
            if rule:
                positive.add(dim)
            dimensions.append({"id": dim, "label": catalogue.label("dimensions", dim, lang),
                               "stage": catalogue.dimension_stage[dim],
                               "positive": rule is not None, "rule": rule,
                               "rule_text": _rule_text(ruleset, rule, lang), **fired})
        act_indicator = any(catalogue.indicators[i].element == "act" for i in counted)
        elements = delphi.combine(positive, profile.child, act_indicator)
        if ruleset == "ilo-survey-2012":
            survey = delphi.survey_class(positive)
            met = survey == "trafficking_for_forced_labour"
        else:
            survey, met = None, elements.met
        outcome = ("reasonable_grounds" if met else
                   "indicators_present" if present else "no_indicators")
        gaps = (coverage or {}).get("declined", 0) + (coverage or {}).get("unanswered", 0)
        label = outcome_label(outcome)
        if outcome == "no_indicators" and gaps:
            label = _("No indicators among the answers given")
        result = {
            "outcome": outcome,
            "label": label,
            "coverage": coverage,
            "ruleset": {"id": ruleset, "version": RULESETS[ruleset]},
            "catalogue_version": catalogue.version,
            "profile": profile.as_dict(),
            "indicators": [_indicator(catalogue, iid, via, key, lang)
                           for iid, via in counted.items()],
            "given": present,
            "dimensions": dimensions,
            "elements": {"act": elements.act, "means": elements.means,
                         "purpose": elements.purpose},
            "rule": {"id": elements.rule if survey is None else survey, "met": met,
                     "text": _outcome_rule_text(ruleset, elements.rule, survey, lang)},
            "explanation": _explain(catalogue, profile, dimensions, elements, survey, outcome,
                                    lang),
            "caveats": _caveats(catalogue, profile, counted, key, survey, coverage),
        }
    return result


def _rule_text(ruleset: str, rule: str | None, lang: str) -> str:
    if rule is None:
        return ""
    spec = cat.rulesets()["delphi-2009"]
    return next(texts.pick(r["text"], lang) for r in spec["dimension_rules"] if r["id"] == rule)


def _outcome_rule_text(ruleset: str, rule: str, survey: str | None, lang: str) -> str:
    spec = cat.rulesets()[ruleset]
    if survey is not None:
        return next(texts.pick(c["text"], lang) for c in spec["classes"] if c["id"] == survey)
    return next(texts.pick(r["text"], lang) for r in spec["outcome_rules"] if r["id"] == rule)


def _indicator(catalogue: cat.Catalogue, iid: str, via: list[str], key: str,
               lang: str) -> dict[str, Any]:
    indicator = catalogue.indicators[iid]
    return {"id": iid, "question": texts.pick(indicator.question, lang),
            "dimension": indicator.dimension, "element": indicator.element,
            "weight": indicator.weight(key) if indicator.dimension else None,
            "weights_verified": indicator.weights_verified, "via": via}


def _explain(catalogue: cat.Catalogue, profile: Profile, dimensions: list[dict[str, Any]],
             elements: delphi.Elements, survey: str | None, outcome: str,
             lang: str) -> list[str]:
    lines = []
    if profile.presumed_minor and survey is None:
        lines.append(_("The age is not known and the person may be a child: the rules for "
                       "children apply (presumption of minority)."))
    for dim in dimensions:
        names = [texts.pick(catalogue.indicators[i].question, lang)
                 for w in cat.WEIGHTS for i in dim[w]]
        if dim["positive"]:
            lines.append(_("%(dimension)s: positive by rule (%(rule)s) %(text)s.") % {
                "dimension": dim["label"], "rule": dim["rule"], "text": dim["rule_text"]})
        elif names:
            lines.append(_("%(dimension)s: not positive (%(count)d indicator(s) present, "
                           "not enough by any rule).") % {"dimension": dim["label"],
                                                          "count": len(names)})
    if survey is not None:
        lines.append(_("Survey classification: %(class)s.") % {
            "class": _outcome_rule_text("ilo-survey-2012", "", survey, lang)})
    elif elements.rule == "child":
        lines.append(_("Child rule: the Act is %(act)s and the Purpose is %(purpose)s; Means "
                       "are not required for a child.") % {
            "act": _established(elements.act), "purpose": _established(elements.purpose)})
    else:
        destination = any(d["positive"] for d in dimensions if d["id"] in delphi.DESTINATION)
        lines.append(_("Adult rule: recruitment (Act and Means) is %(act)s, the Purpose is "
                       "%(purpose)s, and coercion or abuse of vulnerability at destination "
                       "(Means) is %(means)s.") % {
            "act": _established(elements.act), "purpose": _established(elements.purpose),
            "means": _established(destination)})
    lines.append(outcome_label(outcome) + ".")
    return lines


def _established(yes: bool) -> str:
    return _("established") if yes else _("not established")


def _caveats(catalogue: cat.Catalogue, profile: Profile, counted: dict[str, list[str]],
             key: str, survey: str | None = None,
             coverage: dict[str, int] | None = None) -> list[str]:
    out = [_("This is a reason to refer and to protect, not a finding: only the competent "
             "authority decides whether a person is a victim of trafficking, and the "
             "person's trafficking status changes only by a recorded decision.")]
    if any(catalogue.indicators[i].dimension and not catalogue.indicators[i].weights_verified
           for i in counted):
        out.append(_("Some weights are marked unverified: they come from a secondary source "
                     "and have not been checked against the ILO/EC brochure."))
    if any(catalogue.indicators[i].dimension and catalogue.indicators[i].weight(key) is None
           for i in counted):
        out.append(_("Some indicators given have no weight for this profile and count only "
                     "as indicators present."))
    if survey is not None and profile.child:
        out.append(_("The survey classification was made for adult migrant workers: for a "
                     "child, or a person who may be one, use the Delphi rule set."))
    if coverage and (coverage.get("declined") or coverage.get("unanswered")):
        out.append(_("%(declined)d question(s) declined and %(unanswered)d not answered: the "
                     "result rests only on the answers given.") % {
            "declined": coverage.get("declined", 0),
            "unanswered": coverage.get("unanswered", 0)})
    return out
