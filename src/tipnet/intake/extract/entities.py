"""entities(): every extractor over one narrative, overlaps resolved, in text order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import contacts, money, phones, places, plates
from ._text import fold

KINDS = ("phone", "email", "url", "handle", "money", "place", "plate")
# Personal data: stored only as blind-index digests. A URL is personal too: it can be the
# address of one person's advertisement or profile. Money and places are not.
PERSONAL_KINDS = frozenset({"phone", "email", "url", "handle", "plate"})

# When two candidates overlap, the lower priority number wins, then the longer span:
# an e-mail's domain is not a URL, a profile link is a handle, a number inside a URL is
# the URL's, a plate is not a sum of money, "Dubai A 12345" is a plate and not Dubai.
_PRIORITY = {"email": 0, "handle": 1, "url": 2, "phone": 3, "plate": 4, "money": 5,
             "place": 6}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Entity:
    kind: str
    value: str
    raw: str  # the text as written: text[start:end]
    start: int
    end: int


def _candidates(text: str, region: str) -> Iterable[tuple[int, str, str, int, int]]:
    """(priority, kind, value, start, end) in the raw text."""
    folded = fold(text)
    for kind, value, start, end in contacts.emails(text):
        yield 0, kind, value, start, end
    for kind, value, start, end in contacts.handles(text, region):
        yield 1, kind, value, start, end
    for kind, value, start, end in contacts.urls(text):
        yield 2, kind, value, start, end
    if len(_DIGIT.findall(folded.text)) >= 7:
        for value, start, end in phones.plain(text, region):
            yield 3, "phone", value, start, end
    for value, start, end in phones.disguised(folded, region):
        yield (3, "phone", value, *folded.raw_span(start, end))
    for value, start, end in plates.plates(text):
        yield 4, "plate", value, start, end
    for value, start, end in money.money(folded, region):
        yield (5, "money", value, *folded.raw_span(start, end))
    for value, start, end in places.places(text, folded):
        yield 6, "place", value, start, end


def entities(text: str, *, region: str = "", lang: str = "") -> list[Entity]:
    """Entities of ``text`` in text order, not overlapping, one per (kind, value).

    ``region``: ISO 3166 code for phone numbers written without a country prefix and for
    currency words that depend on the country ("rs", "$", "dinar"). ``lang`` is accepted for
    the record; every extractor reads every supported language."""
    if not text:
        return []
    region = (region or "").upper()
    cands = sorted(_candidates(text, region), key=lambda c: (c[0], c[3] - c[4], c[3]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for _prio, kind, value, start, end in cands:
        if start >= end or any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        chosen.append(Entity(kind, value, text[start:end], start, end))
    chosen.sort(key=lambda e: e.start)
    seen: set[tuple[str, str]] = set()
    out = []
    for e in chosen:
        if (e.kind, e.value) not in seen:
            seen.add((e.kind, e.value))
            out.append(e)
    return out


def digest_values(found: Iterable[Entity]) -> list[tuple[str, str]]:
    """(kind, value) of the personal entities, once each: what the lead stores as blind-index
    digests (tipnet.lib.crypto) rather than in clear. Money and places are left out."""
    out: list[tuple[str, str]] = []
    for e in found:
        pair = (e.kind, e.value)
        if e.kind in PERSONAL_KINDS and pair not in out:
            out.append(pair)
    return out
