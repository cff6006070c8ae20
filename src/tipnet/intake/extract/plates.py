"""Vehicle plates in the formats listed in data/plates.json (India, Nepal, UAE, UK, France,
Italy, Spain, Germany, Romania, Thailand). Value: upper-cased, spaces and dashes removed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ._text import load

_STRIP = re.compile(r"[\s\-]")


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
    for _country, pattern in patterns():
        for m in pattern.finditer(raw):
            value = _STRIP.sub("", m.group()).upper()
            if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
                yield value, m.start(), m.end()
