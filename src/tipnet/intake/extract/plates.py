"""Vehicle plates in the formats listed in data/plates.json (India, Nepal, UAE, UK, France,
Italy, Spain, Germany, Romania, Thailand). Value: upper-cased, spaces and dashes removed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ._text import load

_STRIP = re.compile(r"[\s\-]")
# Every format has a letter next to a digit (at most one space or dash between): the
# patterns run only in windows around such places, which keeps this fast on long text.
_ANCHOR = re.compile(r"[^\W\d_][ -]?\d|\d[ -]?[^\W\d_]")
_REACH = 25


def _windows(raw: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _ANCHOR.finditer(raw):
        lo, hi = max(0, m.start() - _REACH), min(len(raw), m.end() + _REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


@cache
def patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for p in load("plates.json")["patterns"]:
        flags = re.IGNORECASE if "i" in p["flags"] else 0
        out.append((p["country"], re.compile(p["regex"], flags)))
    return out


def plates(raw: str) -> Iterator[tuple[str, int, int]]:
    if not any(c.isdigit() for c in raw):
        return
    windows = _windows(raw)
    for _country, pattern in patterns():
        for lo, hi in windows:
            for m in pattern.finditer(raw, lo, hi):
                value = _STRIP.sub("", m.group()).upper()
                if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
                    yield value, m.start(), m.end()
