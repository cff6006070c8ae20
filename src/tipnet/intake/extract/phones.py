"""Phone numbers, to E.164.

Two passes. Plain forms (digits with the usual separators, Arabic-Indic digits, +country)
are phonenumbers' ``PhoneNumberMatcher`` with VALID leniency, which also knows dates,
times and amounts. Disguised forms are ours: runs of digit units (digits, digits with O/o
for 0 and l/I for 1 inside them, digit words in en/fr/es/ar, "double"/"triple") joined by at
most three separator characters. A disguised candidate is kept only when phonenumbers says
it is a valid number: for ``region`` when written without a prefix, or as written with
+ / 00. Plain candidates the matcher refused stay refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from ._text import Folded, fold_str, load

Span = tuple[str, int, int]  # value, start, end in the folded text

_GAP = re.compile(r"[\s.\-/()\[\],_·]{0,3}")
_DATE = re.compile(r"^(\d{1,2}/\d{1,2}/(\d{2}|\d{4})|\d{4}/\d{1,2}/\d{1,2})$")


def _words() -> tuple[dict[str, str], dict[str, int], set[str]]:
    data = load("number_words.json")
    digits = {fold_str(w): d for lang in data["digits"].values() for w, d in lang.items()}
    repeat = {fold_str(w): n for w, n in data["repeat"].items()}
    return digits, repeat, {fold_str(w) for w in data["plus"]}


_DIGITS, _REPEAT, _PLUS = _words()
# Only digit units are found; anything else between two of them breaks the run (see _GAP).
_WORDS = "|".join(re.escape(w) for w in sorted({*_DIGITS, *_REPEAT, *_PLUS}, key=len,
                                                 reverse=True))
_UNIT = re.compile(rf"\+|\d(?:[\doli]*\d)?(?:[oli]+(?![^\W\d_]))?"
                   rf"|(?<![^\W\d_])(?:{_WORDS})(?![^\W\d_])")


def e164(number: str, region: str, plus: bool) -> str | None:
    """E.164 when phonenumbers says the number is valid, else None."""
    if plus:
        text = "+" + number
    elif number.startswith("00"):
        text = "+" + number[2:]
    elif region:
        text = number
    else:
        return None
    try:
        parsed = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def plain(raw: str, region: str) -> Iterator[tuple[str, int, int]]:
    """(E.164, start, end) in the raw text, from phonenumbers' matcher."""
    matcher = phonenumbers.PhoneNumberMatcher(
        raw, region or None, leniency=phonenumbers.Leniency.VALID, max_tries=100)
    for match in matcher:
        yield (phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
               match.start, match.end)


def _units(ft: str) -> Iterator[list[tuple[str, int, int, bool]]]:
    """Runs of (digits, start, end, disguised) units in the folded text; "+" is a unit."""
    run: list[tuple[str, int, int, bool]] = []
    repeat = 1
    last_end = -1
    for m in _UNIT.finditer(ft):
        tok, start, end = m.group(), m.start(), m.end()
        if tok[0].isdigit():
            unit = (tok.replace("o", "0").replace("l", "1").replace("i", "1"), not tok.isdigit())
        elif tok in _DIGITS:
            unit = (_DIGITS[tok] * repeat, True)
        elif tok in _REPEAT:
            repeat = _REPEAT[tok]
            if run and not _GAP.fullmatch(ft, last_end, start):
                yield run
                run = []
            last_end = end
            continue
        elif tok == "+" or tok in _PLUS:
            if run:
                yield run
            run, repeat, last_end = [("+", start, end, tok != "+")], 1, end
            continue
        else:  # pragma: no cover - _UNIT matches nothing else
            continue
        gap = ft[last_end:start] if run else ""
        if run and not _GAP.fullmatch(gap):
            yield run
            run = []
        if "/" in gap:  # 12/05/2023 style: a date unless proven otherwise (see _DATE)
            unit = (unit[0], True)
        run.append((unit[0], start, end, unit[1]))
        repeat, last_end = 1, end
    if run:
        yield run


def disguised(folded: Folded, region: str) -> Iterator[tuple[str, int, int]]:
    ft = folded.text
    for run in _units(ft):
        yield from _from_run(ft, run, region)


def _from_run(ft: str, run: list[tuple[str, int, int, bool]], region: str):
    plus = run[0][0] == "+"
    units = run[1:] if plus else run
    n = len(units)
    # Whole run first, then trimmed at either end (a year or a count next to the number).
    for lo in range(min(3, n)):
        for hi in range(n, max(lo, n - 3), -1):
            part = units[lo:hi]
            digits = "".join(u[0] for u in part)
            if not 7 <= len(digits) <= 16 or not any(u[3] for u in part):
                continue
            start, end = (run[0][1] if plus and lo == 0 else part[0][1]), part[-1][2]
            if _DATE.match(ft[start:end]):
                continue
            value = e164(digits, region, plus and lo == 0)
            if value:
                yield value, start, end
                return
