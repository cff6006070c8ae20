"""Places from the offline gazetteer (data/gazetteer.json): countries and corridor cities.

Whole words, folded (case, accents, Arabic letter variants), longest match first, Arabic
clitics (و ب ل ف ك ال) stripped from the first word. Names that are something else too carry
``ambiguous`` in the data:

* ``word`` (Nice, Split, Male, Turkey, China, Chile...): also an ordinary word, so matched
  only when written with a capital and not as the first word of a sentence;
* ``name`` (Jordan, Chad, Georgia, Sofia, Lagos, Santiago...): also a person's name, so matched
  only when written with a capital and right after a locative preposition ("to Jordan",
  "à Lagos", "en Santiago", "في الأردن"). "Jordan said" and "Jordan, Syria" are not places.
Arabic has no capitals: the capital rule does not apply to Arabic-script names.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ._text import Folded, PhraseIndex, fold_str, load, tokens

PREPOSITIONS = {fold_str(w) for w in (
    "in to from at into via through near towards toward across inside outside "
    "à a au aux en de du des dans vers depuis par chez pour "
    "desde hacia hasta para por cerca del al "
    "في الى إلى من عبر نحو داخل قرب").split()}


@cache
def index() -> PhraseIndex:
    idx = PhraseIndex()
    for place in load("gazetteer.json")["places"]:
        if place["kind"] == "country":
            value = f"country:{place['code']}"
        else:
            value = f"city:{place['name']},{place['country']}"
        payload = (value, place.get("ambiguous", ""))
        for name in [place["name"], *place.get("names", {}).values(), *place["alt_names"]]:
            idx.add(name, payload)
    return idx


def _sentence_start(raw: str, start: int) -> bool:
    before = raw[:start].rstrip(" \t\"'«“(")
    return not before or before[-1] in ".!?\n:;"


def places(raw: str, folded: Folded) -> Iterator[tuple[str, int, int]]:
    toks = tokens(folded.text)
    for i, j, payload in index().find(toks):
        value, ambiguous = payload  # type: ignore[misc]
        start, end = folded.raw_span(toks[i][1], toks[j - 1][2])
        if ambiguous and _has_case(raw[start]):
            if not raw[start].isupper():
                continue
            if ambiguous == "word" and _sentence_start(raw, start):
                continue
            if ambiguous == "name" and (i == 0 or toks[i - 1][0] not in PREPOSITIONS):
                continue
        yield value, start, end


def _has_case(ch: str) -> bool:
    return ch.lower() != ch.upper()
