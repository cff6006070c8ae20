"""The extractor's data files lint: versioned, complete, and what the code expects."""

import json
import re
from pathlib import Path

import pytest

from tipnet.intake.extract._text import DATA

FILES = sorted(DATA.glob("*.json"))


def test_the_data_files_are_there():
    assert {p.name for p in FILES} == {
        "gazetteer.json", "plates.json", "currencies.json", "number_words.json",
        "danger_words.json"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_versioned_with_a_source(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == path.stem
    assert str(data["version"]).isdigit()
    assert data["source"]


def test_gazetteer():
    places = json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8"))["places"]
    countries = [p for p in places if p["kind"] == "country"]
    cities = [p for p in places if p["kind"] == "city"]
    assert len(countries) >= 249 and len(cities) >= 300
    codes = {c["code"] for c in countries}
    for c in countries:
        assert set(c["names"]) == {"en", "fr", "es", "ar"} and all(c["names"].values())
    for c in cities:
        assert c["country"] in codes
        assert -90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180
        assert {"name", "alt_names", "country", "lat", "lon"} <= set(c)
    for p in places:
        assert p.get("ambiguous", "") in ("", "word", "name")
    assert {"Kathmandu", "Dubai", "Kuala Lumpur", "Lagos", "Tijuana", "Calais"} <= {
        c["name"] for c in cities}


def test_plate_patterns_compile_and_name_a_country():
    for p in json.loads((DATA / "plates.json").read_text(encoding="utf-8"))["patterns"]:
        re.compile(p["regex"])
        assert re.fullmatch(r"[A-Z]{2}", p["country"]) and p["label"]


def test_danger_words_cover_four_languages_and_known_levels():
    data = json.loads((DATA / "danger_words.json").read_text(encoding="utf-8"))
    assert set(data["phrases"]) == {"en", "fr", "es", "ar"}
    assert set(data["negators"]["before"]) == {"en", "fr", "es", "ar"}
    for by_level in data["phrases"].values():
        assert set(by_level) == set(data["levels"]) == {"immediate", "high"}
        assert all(by_level.values())


def test_currency_tokens_map_to_iso_codes():
    data = json.loads((DATA / "currencies.json").read_text(encoding="utf-8"))
    for spec in data["tokens"].values():
        codes = [spec] if isinstance(spec, str) else list(spec.values())
        assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
        if not isinstance(spec, str):
            assert "default" in spec
