"""Folding (case, accents, Arabic letter variants) with a map back to the raw text, word
tokens, and a phrase trie matched over tokens (places, danger words).

Folding is length-preserving for almost all text (one character in, one out, through a
translate table), so a span in the folded text is the same span in the raw text. Only text
holding combining marks, Arabic vowel signs or tatweel takes the slow path that drops them and
keeps an offset map.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# Arabic: hamza-carrying alefs -> bare alef, ta marbuta -> ha, alef maqsura -> ya;
# Arabic-Indic and Persian digits -> ASCII.
_ARABIC = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
_DROP = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u0640]")


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base != ch:
            table[cp] = base
    table.update({ord(k): v for k, v in _ARABIC.items()})
    table.update({0x660 + i: str(i) for i in range(10)})
    table.update({0x6F0 + i: str(i) for i in range(10)})
    table.update({ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'"})
    return table


_TABLE = _table()


@dataclass(frozen=True)
class Folded:
    text: str  # folded
    offsets: list[int] | None  # folded index -> raw index, None when identical

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str) -> Folded:
    if text.isascii():
        return Folded(text.lower(), None)
    if not _DROP.search(text):
        return Folded(text.translate(_TABLE), None)
    kept = [i for i, ch in enumerate(text) if not _DROP.match(ch)]
    return Folded("".join(text[i] for i in kept).translate(_TABLE), kept)


def fold_str(text: str) -> str:
    return fold(text).text


_WORD = re.compile(r"\w+")


def tokens(folded: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


def phrase_tokens(phrase: str) -> list[str]:
    return _WORD.findall(fold_str(phrase))


_AR_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


def arabic_variants(token: str) -> list[str]:
    """A token and its forms without the attached conjunctions, prepositions and article
    (والرياض -> رياض): Arabic writes them as part of the word."""
    out = [token]
    if "\u0621" <= token[0] <= "\u064a":
        for clitic in _AR_CLITICS:
            if token.startswith(clitic) and len(token) - len(clitic) >= 3:
                out.append(token[len(clitic):])
    return out


class PhraseIndex:
    """A trie over folded word tokens. ``*`` in a phrase stands for any one word. Arabic
    phrases are indexed without their article so that a clitic-stripped token matches."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.max_len = 0

    def add(self, phrase: str, payload: object) -> None:
        toks = phrase_tokens(phrase)
        if not toks:
            return
        if toks[0].startswith("ال") and len(toks[0]) > 4:
            self._add([toks[0][2:], *toks[1:]], payload)
        self._add(toks, payload)

    def _add(self, toks: list[str], payload: object) -> None:
        node = self.root
        for t in toks:
            node = node.setdefault(t, {})
        node.setdefault("\0", payload)  # the first payload added for a phrase wins
        self.max_len = max(self.max_len, len(toks))

    def _walk(self, toks: list[tuple[str, int, int]], i: int, first: str):
        best = None
        stack = [(self.root.get(first), i + 1)]
        if "*" in self.root:
            stack.append((self.root["*"], i + 1))
        while stack:
            node, j = stack.pop()
            if node is None:
                continue
            if "\0" in node and (best is None or j > best[0]):
                best = (j, node["\0"])
            if j < len(toks):
                stack.append((node.get(toks[j][0]), j + 1))
                if "*" in node:
                    stack.append((node["*"], j + 1))
        return best

    def find(self, toks: list[tuple[str, int, int]]) -> list[tuple[int, int, object]]:
        """(first token, token after the last, payload) of the longest phrase at each token,
        left to right, not overlapping."""
        out = []
        i = 0
        n = len(toks)
        root, star = self.root, "*" in self.root
        while i < n:
            best = None
            first = toks[i][0]
            if first not in root and not star and not "\u0621" <= first[0] <= "\u064a":
                i += 1
                continue
            for variant in arabic_variants(first):
                hit = self._walk(toks, i, variant)
                if hit and (best is None or hit[0] > best[0]):
                    best = hit
            if best:
                out.append((i, best[0], best[1]))
                i = best[0]
            else:
                i += 1
        return out


@cache
def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))
