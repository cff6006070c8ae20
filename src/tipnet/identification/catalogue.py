"""The indicator catalogue: data files in, one document out, and the object the engines read.

The shipped catalogue is assembled from ``data/`` (``catalogue.json``, one file per indicator
set in ``data/indicators/``, the Polaris typology, translations) into one *document*: the form
in which a catalogue version is published, stored (``models.CatalogueVersion``), served by the
API and checked (``check_document``). Screens and rule sets are instruments, not catalogue
content: they are read from ``screens.json`` and ``rulesets.json`` and versioned there.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import texts

DATA_DIR = Path(__file__).resolve().parent / "data"
PROFILES = ("adult_labour", "adult_sexual", "child_labour", "child_sexual")
WEIGHTS = ("strong", "medium", "weak")
ELEMENTS = ("act", "means", "purpose")
ASKED_WHEN = ("child", "moved")
DIMENSIONS = ("deceptive_recruitment", "coercive_recruitment",
              "abuse_of_vulnerability_at_recruitment", "exploitative_conditions",
              "coercion_at_destination", "abuse_of_vulnerability_at_destination")
STAGES = ("recruitment", "exploitation", "destination")
VERSION = re.compile(r"^\d{4}\.\d{1,3}$")  # year.release: 2026.1


def _read(relative: str) -> Any:
    return json.loads((DATA_DIR / relative).read_text(encoding="utf-8"))


@cache
def translations() -> dict[str, dict[str, dict[str, str]]]:
    return {lang: _read(f"translations/{lang}.json") for lang in texts.LANGUAGES
            if lang != "en" and (DATA_DIR / f"translations/{lang}.json").exists()}


def _translated(data: Any, root: str) -> Any:
    texts.merge(data, root, translations())
    return data


@cache
def _shipped() -> dict[str, Any]:
    head = _translated(_read("catalogue.json"), "catalogue")
    sets, indicators = [], []
    for name in head["sets"]:
        raw = _translated(_read(f"indicators/{name}.json"), name)
        sets.append({"set": name, "title": raw["title"], "source": raw["source"]})
        indicators += [{"set": name, **item} for item in raw["indicators"]]
    return {**{k: v for k, v in head.items() if k != "sets"}, "sets": sets,
            "indicators": indicators,
            "polaris_typology": _translated(_read("polaris_typology.json"), "polaris_typology")}


def document_sha256(document: dict[str, Any]) -> str:
    """A catalogue document's fingerprint (stored with each version)."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def shipped_document() -> dict[str, Any]:
    """The catalogue that comes with this release of tipnet, as a document."""
    return copy.deepcopy(_shipped())


@cache
def screens() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in _translated(_read("screens.json"), "screens")["screens"]}


@cache
def rulesets() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _translated(_read("rulesets.json"), "rulesets")["rulesets"]}


@dataclass(frozen=True)
class Indicator:
    id: str
    set: str
    element: str
    question: dict[str, str]
    guidance: dict[str, str]
    since: str
    dimension: str | None = None
    weights: dict[str, str | None] = field(default_factory=dict)
    weights_verified: bool = False
    evidences: tuple[str, ...] = ()
    observed: bool = False
    asked_when: tuple[str, ...] = ()  # all must hold: "child", "moved"
    category: str | None = None
    methods_of_control: tuple[str, ...] = ()
    exploitation_types: tuple[str, ...] = ()

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Indicator:
        return cls(id=item["id"], set=item["set"], element=item["element"],
                   question=item["question"], guidance=item["guidance"],
                   since=item["since"], dimension=item.get("dimension"),
                   weights=item.get("weights", {}),
                   weights_verified=bool(item.get("weights_verified", False)),
                   evidences=tuple(item.get("evidences", ())),
                   observed=bool(item.get("observed", False)),
                   asked_when=_conditions(item.get("asked_when")),
                   category=item.get("category"),
                   methods_of_control=tuple(item.get("htcds_methods_of_control", ())),
                   exploitation_types=tuple(item.get("htcds_exploitation_types", ())))

    def weight(self, profile: str) -> str | None:
        return self.weights.get(profile)


def _conditions(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class Catalogue:
    """One catalogue version, read-only: what the engines and the interview use."""

    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.version: str = document["version"]
        self.indicators = {i["id"]: Indicator.from_item(i) for i in document["indicators"]}
        self.dimensions = [d["id"] for d in document["dimensions"]]
        self.dimension_stage = {d["id"]: d["stage"] for d in document["dimensions"]}
        self.sets = {s["set"]: s for s in document["sets"]}

    def get(self, indicator_id: str) -> Indicator | None:
        return self.indicators.get(indicator_id)

    def in_dimension(self, dimension: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.dimension == dimension]

    def label(self, kind: str, item_id: str, lang: str) -> str:
        """The label of a dimension, element, weight or profile."""
        for item in self.document[kind]:
            if item["id"] == item_id:
                return texts.pick(item["label"], lang)
        return item_id

    def localised(self, lang: str) -> dict[str, Any]:
        """The catalogue with every text in ``lang`` (English where untranslated): what
        ``GET /api/identification/catalogue`` returns."""
        def one(node: Any) -> Any:
            if texts.is_text(node):
                return texts.pick(node, lang)
            if isinstance(node, dict):
                return {k: one(v) for k, v in node.items()}
            if isinstance(node, list):
                return [one(v) for v in node]
            return node
        out = one(self.document)
        out["language"] = lang
        out_sets = {s["set"]: s for s in out["sets"]}
        for item in out["indicators"]:
            item.setdefault("weights_verified", False)
            item["source"] = {k: v for k, v in out_sets[item["set"]]["source"].items()
                              if k in ("framework", "ref", "verified")}
        return out


class CatalogueProblem(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:20]))
        self.problems = problems


def check_document(document: Any) -> list[str]:
    """Every problem with a catalogue document (an empty list when it can be published).

    Checks what the JSON Schema cannot: ids unique, every reference resolves, weights and
    profiles known, HTCDS codes in their code lists, English text for every text."""
    from tipnet.codelists import services as codelists

    problems: list[str] = []
    if not isinstance(document, dict):
        return ["the catalogue must be a JSON object"]
    for key in ("version", "dimensions", "elements", "profiles", "sets", "indicators"):
        if key not in document:
            problems.append(f"'{key}' is missing")
    if not problems and not isinstance(document["dimensions"], list):
        problems.append("'dimensions' must be a list of objects")
    if problems:
        return problems
    if not isinstance(document["version"], str) or not VERSION.match(document["version"]):
        problems.append("'version' must look like 2026.1 (year.release)")
    for key in ("dimensions", "elements", "profiles", "sets", "indicators"):
        if not isinstance(document[key], list) or not all(
                isinstance(x, dict) for x in document[key]):
            problems.append(f"'{key}' must be a list of objects")
    if problems:
        return problems
    # The rules are code: the dimensions and profiles they name must be exactly these.
    dims = {d.get("id"): d for d in document["dimensions"]}
    if set(dims) != set(DIMENSIONS):
        problems.append(f"'dimensions' must be exactly {', '.join(DIMENSIONS)} (the rules "
                        "depend on them)")
    for did, d in dims.items():
        if d.get("stage") not in STAGES or not texts.is_text(d.get("label")):
            problems.append(f"dimension {did!r} needs a stage ({', '.join(STAGES)}) and an "
                            "English label")
    if {p.get("id") for p in document["profiles"]} != set(PROFILES):
        problems.append(f"'profiles' must be exactly {', '.join(PROFILES)}")
    if {e.get("id") for e in document["elements"]} != set(ELEMENTS):
        problems.append(f"'elements' must be exactly {', '.join(ELEMENTS)}")
    dimensions = set(dims)
    sets = {s.get("set") for s in document["sets"]}
    for s_ in document["sets"]:
        if not isinstance(s_.get("source"), dict) or not texts.is_text(s_.get("title")):
            problems.append(f"set {s_.get('set')!r} needs a title and a source")
    methods = set(codelists.get("method_of_control").labels)
    exploitation = set(codelists.get("exploitation_type").labels)
    ids: set[str] = set()
    items = [i for i in document["indicators"] if isinstance(i, dict)]
    if len(items) != len(document["indicators"]):
        problems.append("every indicator must be an object")
    for item in items:
        iid = item.get("id")
        where = f"indicator {iid!r}"
        if not isinstance(iid, str) or not iid:
            problems.append("an indicator has no id")
            continue
        if iid in ids:
            problems.append(f"{where} appears twice")
        ids.add(iid)
        if item.get("set") not in sets:
            problems.append(f"{where}: set {item.get('set')!r} is not in 'sets'")
        if item.get("element") not in ELEMENTS:
            problems.append(f"{where}: element must be one of {', '.join(ELEMENTS)}")
        for key in ("question", "guidance"):
            if not texts.is_text(item.get(key)):
                problems.append(f"{where}: '{key}' needs an English text")
        if not isinstance(item.get("since"), str) or not VERSION.match(item["since"]):
            problems.append(f"{where}: 'since' must be a catalogue version")
        dimension = item.get("dimension")
        if dimension is not None and dimension not in dimensions:
            problems.append(f"{where}: dimension {dimension!r} is not in 'dimensions'")
        weights = item.get("weights")
        if dimension is not None:
            if not isinstance(weights, dict) or set(weights) != set(PROFILES):
                problems.append(f"{where}: a Delphi indicator needs a weight for each of "
                                f"{', '.join(PROFILES)}")
            elif any(w not in (*WEIGHTS, None) for w in weights.values()):
                problems.append(f"{where}: weights must be strong, medium, weak or null")
        elif weights:
            problems.append(f"{where}: only indicators in a dimension have weights")
        when = item.get("asked_when")
        if not (when is None or when in ASKED_WHEN or (
                isinstance(when, list) and when and all(w in ASKED_WHEN for w in when))):
            problems.append(f"{where}: asked_when must be one of {', '.join(ASKED_WHEN)}, "
                            "or a list of them")
        for code in item.get("htcds_methods_of_control", []):
            if code not in methods:
                problems.append(f"{where}: {code!r} is not an HTCDS method of control")
        for code in item.get("htcds_exploitation_types", []):
            if code not in exploitation:
                problems.append(f"{where}: {code!r} is not an HTCDS type of exploitation")
    for item in items:
        for target in item.get("evidences", []):
            if target not in ids:
                problems.append(f"indicator {item.get('id')!r} evidences unknown {target!r}")
            elif target == item.get("id"):
                problems.append(f"indicator {item.get('id')!r} evidences itself")
    by_id = {i.get("id"): i for i in items}
    for item in items:  # an evidenced indicator must be one that can be weighed or is an Act
        for target in item.get("evidences", []):
            found = by_id.get(target)
            if found and found.get("evidences"):
                problems.append(f"indicator {item.get('id')!r} evidences {target!r}, which "
                                "itself only evidences others")
    if not problems:  # the engines must be able to use it, for every profile
        from . import assessment
        from .profile import Profile

        try:
            loaded = Catalogue(document)
            for profile in (Profile(30, False, "labour"), Profile(None, True, "sexual")):
                assessment.assess(loaded, profile, list(loaded.indicators))
        except Exception as error:  # noqa: BLE001 - reported, never published
            problems.append(f"the catalogue cannot be used: {type(error).__name__}: {error}")
    return problems


def load(document: dict[str, Any]) -> Catalogue:
    problems = check_document(document)
    if problems:
        raise CatalogueProblem(problems)
    return Catalogue(document)


@cache
def shipped() -> Catalogue:
    return load(shipped_document())
