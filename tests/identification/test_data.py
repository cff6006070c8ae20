"""The catalogue, screens and rule sets as data: well formed, cross-referenced, translated."""

import json

import pytest

from tipnet.identification import catalogue, texts


def test_the_shipped_catalogue_has_no_problems():
    assert catalogue.check_document(catalogue.shipped_document()) == []


def test_shipped_content_is_tied_to_its_version():
    """A catalogue version never changes once released: changing the shipped data (a text, a
    translation, a weight) needs a new version in catalogue.json, and its fingerprint here."""
    lock = json.loads((catalogue.DATA_DIR / "shipped.lock.json").read_text())
    doc = catalogue.shipped_document()
    assert lock.get(doc["version"]) == catalogue.document_sha256(doc), (
        f"the shipped catalogue {doc['version']} changed: give it a new version and record "
        f"{catalogue.document_sha256(doc)} for it in shipped.lock.json")


def test_the_rules_and_the_catalogue_name_the_same_dimensions():
    from tipnet.identification import delphi

    assert set(catalogue.DIMENSIONS) == {*delphi.RECRUITMENT, delphi.EXPLOITATION,
                                         *delphi.DESTINATION}


def test_every_delphi_dimension_has_indicators_with_every_profile_weighed():
    cat = catalogue.shipped()
    for dimension in cat.dimensions:
        items = cat.in_dimension(dimension)
        assert items, dimension
        for profile in catalogue.PROFILES:
            assert any(i.weight(profile) for i in items), (dimension, profile)


def test_weights_marked_unverified_where_the_research_is_secondary():
    cat = catalogue.shipped()
    delphi = [i for i in cat.indicators.values() if i.set == "delphi"]
    assert len(delphi) >= 60
    assert not any(i.weights_verified for i in delphi)
    assert cat.sets["delphi"]["source"]["verified"] is False


def test_every_set_the_issue_names_is_there():
    doc = catalogue.shipped_document()
    assert {s["set"] for s in doc["sets"]} == {"act", "delphi", "child", "ilo_forced_labour",
                                               "warning_signs", "border_transport"}
    assert len([i for i in doc["indicators"] if i["set"] == "ilo_forced_labour"]) == 11
    assert len(doc["polaris_typology"]["types"]) == 25
    categories = {i.get("category") for i in doc["indicators"] if i["set"] == "warning_signs"}
    assert categories == {"physical", "behavioural", "working_living", "control",
                          "lack_of_freedom", "inconsistent_story", "exploitative_relationship"}


def test_indicators_map_to_htcds_code_lists():
    from tipnet.codelists import services as codelists

    doc = catalogue.shipped_document()
    methods = set(codelists.get("method_of_control").labels)
    mapped = [c for i in doc["indicators"] for c in i.get("htcds_methods_of_control", [])]
    assert mapped and set(mapped) <= methods
    types = set(codelists.get("exploitation_type").labels)
    exploitation = {i["id"]: i["htcds_exploitation_types"] for i in doc["indicators"]
                    if "htcds_exploitation_types" in i}
    assert exploitation["ex.sexual_services"] == ["SexualExploitation"]
    assert set().union(*exploitation.values()) <= types
    sex = set(codelists.get("sex_exploitation_type").labels)
    industries = set(codelists.get("industry").labels)
    for t in doc["polaris_typology"]["types"]:
        assert set(t["htcds_exploitation_types"]) <= types, t["id"]
        assert set(t["htcds_sex_exploitation_types"]) <= sex, t["id"]
        assert t.get("industry") in (None, *industries), t["id"]


def test_screen_items_cover_known_indicators_and_cut_offs_are_published_ones():
    cat = catalogue.shipped()
    screens = catalogue.screens()
    assert {s: (v["rule"]["at_least"], len(v["items"])) for s, v in screens.items()} == {
        "qyit": (1, 4), "cst6": (2, 6), "m_ahtst": (6, 8)}
    for screen in screens.values():
        for item in screen["items"]:
            assert all(cat.get(c) for c in item["covers"]), item["id"]
        v = screen["validation"]
        assert 0 < v["sensitivity"] < 1 and 0 < v["specificity"] < 1 and v["citation"]


def _english_texts():
    out = {}
    for path in sorted(catalogue.DATA_DIR.rglob("*.json")):
        if "translations" in path.parts:
            continue
        for key, text in texts.walk(json.loads(path.read_text()), (path.stem,)):
            assert key not in out, f"two texts share the key {key}"
            out[key] = text["en"]
    return out


@pytest.mark.parametrize("lang", [lang for lang in texts.LANGUAGES if lang != "en"])
def test_every_text_is_translated_and_none_is_stale(lang):
    english = _english_texts()
    table = json.loads((catalogue.DATA_DIR / "translations" / f"{lang}.json").read_text())
    missing = sorted(set(english) - set(table))
    leftover = sorted(set(table) - set(english))
    stale = sorted(k for k in english if k in table and table[k]["en"] != english[k])
    empty = sorted(k for k in table if not table[k].get("text", "").strip())
    assert (missing, leftover, stale, empty) == ([], [], [], [])


def test_translations_reach_the_catalogue():
    cat = catalogue.shipped()
    question = cat.indicators["dr.wages"].question
    assert set(question) == set(texts.LANGUAGES)
    assert len({question[lang] for lang in texts.LANGUAGES}) == 4


@pytest.mark.parametrize("mutate, problem", [
    (lambda d: d["indicators"].append(dict(d["indicators"][0])), "appears twice"),
    (lambda d: d["indicators"][5].update(dimension="nope"), "is not in 'dimensions'"),
    (lambda d: d["indicators"][5]["weights"].update(adult_labour="huge"),
     "weights must be strong"),
    (lambda d: d["indicators"][5]["weights"].pop("child_sexual"), "needs a weight for each"),
    (lambda d: d["indicators"][5].update(element="motive"), "element must be one of"),
    (lambda d: d["indicators"][5].update(question={"fr": "x"}), "needs an English text"),
    (lambda d: d["indicators"][5].update(htcds_methods_of_control=["Spells"]),
     "is not an HTCDS method of control"),
    (lambda d: d["indicators"][5].update(htcds_exploitation_types=["Piracy"]),
     "is not an HTCDS type of exploitation"),
    (lambda d: d["indicators"][-1].update(evidences=["ghost"]), "evidences unknown"),
    (lambda d: d.update(version="next"), "must look like 2026.1"),
    (lambda d: d.pop("dimensions"), "'dimensions' is missing"),
    (lambda d: d.update(dimensions="all"), "'dimensions' must be a list of objects"),
    (lambda d: d["dimensions"][3].pop("stage"), "needs a stage"),
    (lambda d: d["dimensions"][3].update(id="exploitation"), "must be exactly"),
    (lambda d: d["profiles"].pop(), "'profiles' must be exactly"),
    (lambda d: d["indicators"][5].update(asked_when=["child", "tall"]),
     "asked_when must be one of"),
])
def test_a_broken_catalogue_is_refused_with_the_reason(mutate, problem):
    doc = catalogue.shipped_document()
    mutate(doc)
    problems = catalogue.check_document(doc)
    assert any(problem in p for p in problems), problems
