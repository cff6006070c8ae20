"""Danger triage of a contact: an urgency level and the reasons for it.

Signals: the operator's flags (the code list ``danger_flag`` in codelists/data, with a level
per code)
and danger phrases in the narrative (data/danger_words.json, en/fr/es/ar, each with a level).
Phrases are matched in every language whatever ``lang`` says, since reports mix languages.
The level is the most urgent signal; with no immediate or high signal it is "low" when a
low flag (historical, information_only) is set, else "normal". Danger always outranks a low
flag: a "historical" report that says "they will kill me tonight" is immediate.

Negation: a phrase is skipped when a negator of the phrase's own language ("not", "no
longer", "isn't"; "pas", "n'est plus"; "no", "ya no"; "لا", "لم", "ليست") stands within three
words before it, in the same clause (no punctuation, no "but" between). What this misses:
negation after the phrase ("locked in? no"), negated verbs far from the phrase, double
negatives, past situations told in the past tense ("she was locked in last year" stays
high/immediate), irony, and reported speech.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from ._text import PhraseIndex, fold, load, phrase_tokens, tokens

LEVELS = ("immediate", "high", "normal", "low")
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n()]")


@dataclass(frozen=True)
class Triage:
    level: str
    reasons: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        """Sort key for a live queue: 0 (immediate) first."""
        return LEVELS.index(self.level)


@dataclass(frozen=True)
class Flag:
    code: str
    level: str
    labels: dict[str, str]


def _flag_file() -> dict:
    """The code list file itself: besides labels, it gives each flag its level."""
    from tipnet.codelists.registry import DATA_DIR

    return json.loads((DATA_DIR / "danger_flag.json").read_text(encoding="utf-8"))


@cache
def danger_flags() -> dict[str, Flag]:
    return {c["code"]: Flag(c["code"], c["level"], c["label"])
            for c in _flag_file()["codes"]}


def flag_codelist():
    """The flags as a tipnet code list (for forms and the API: choices, labels, validate)."""
    from tipnet.codelists import services as codelists

    return codelists.get("danger_flag")


@cache
def _phrases() -> tuple[PhraseIndex, dict[str, list[tuple[str, ...]]], set[str], int]:
    data = load("danger_words.json")
    idx = PhraseIndex()
    for lang, by_level in data["phrases"].items():
        for level in data["levels"]:
            for phrase in by_level.get(level, []):
                idx.add(phrase, (level, lang))
    neg = data["negators"]
    negators = {lang: [tuple(phrase_tokens(n)) for n in words]
                for lang, words in neg["before"].items()}
    breaks = {t for b in neg["breaks"] for t in phrase_tokens(b)}
    return idx, negators, breaks, int(neg["window"])


def _negated(ft: str, toks, i: int, lang: str) -> bool:
    _, negators, breaks, window = _phrases()
    before: list[str] = []
    j = i - 1
    while j >= 0 and len(before) < window:
        if _CLAUSE_BREAK.search(ft, toks[j][2], toks[j + 1][1]) or toks[j][0] in breaks:
            break
        before.insert(0, toks[j][0])
        j -= 1
    for neg in negators.get(lang, []):
        n = len(neg)
        if any(tuple(before[k:k + n]) == neg for k in range(len(before) - n + 1)):
            return True
    return False


def triage(text: str, flags: set[str] | frozenset[str] = frozenset(), lang: str = "") -> Triage:
    """``lang`` is accepted for the record; matching does not depend on it."""
    from tipnet.codelists.registry import UnknownCode

    known = danger_flags()
    signals: list[tuple[int, int, str]] = []  # (level rank, order, reason)
    for order, code in enumerate(sorted(flags)):
        if code not in known:
            raise UnknownCode(f"{code!r} is not in the danger_flags code list")
        flag = known[code]
        signals.append((LEVELS.index(flag.level), order,
                        f'the operator flagged "{flag.labels["en"]}"'))
    folded = fold(text or "")
    toks = tokens(folded.text)
    idx = _phrases()[0]
    seen: set[str] = set()
    for i, j, payload in idx.find(toks):
        level, phrase_lang = payload  # type: ignore[misc]
        if _negated(folded.text, toks, i, phrase_lang):
            continue
        start, end = folded.raw_span(toks[i][1], toks[j - 1][2])
        said = " ".join(text[start:end].split())
        if said.casefold() in seen:
            continue
        seen.add(said.casefold())
        signals.append((LEVELS.index(level), 1000 + start, f'the narrative says "{said}"'))
    urgent = sorted(s for s in signals if s[0] < LEVELS.index("normal"))
    if urgent:
        top = urgent[0][0]
        return Triage(LEVELS[top], [s[2] for s in urgent])
    low = [s[2] for s in sorted(signals) if s[0] == LEVELS.index("low")]
    if low:
        return Triage("low", low)
    return Triage("normal", ["no danger flag set and no danger words found in the narrative"])
