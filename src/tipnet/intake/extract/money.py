"""Money amounts, to "ISO-4217-code amount" ("USD 1500", "NPR 200000", "EUR 1500.50").

Matched on the folded text (lower case, no accents): a currency token (symbol, code or word,
data/currencies.json) before or after an amount, with an optional multiplier (2k, 2 lakh,
3 millones). Amounts: "1,500" and "1.500" are thousands, "1.500,50" and "1,500.50" both
1500.50, "2,00,000" (Indian grouping) 200000, "12.5" 12.5. Tokens that stand for several
currencies ("rs", "$", "dinar") take the one of ``region``, else a default.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from ._text import Folded, fold_str, load

_NUM = r"\d{1,3}(?:(?:[,.\u00a0\u202f]| (?=\d{3}\b))\d{2,3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _compile():
    data = load("currencies.json")
    tokens = {fold_str(k): v for k, v in data["tokens"].items()}
    mults = {fold_str(k): int(v) for k, v in data["multipliers"].items()}
    cur, mult = _alt(tokens), _alt(mults)
    # Numbers are found first; the currency is then looked for just before or after them.
    number = re.compile(rf"(?<!\d)(?<!\d[.,])(?:{_NUM})")
    before = re.compile(rf"(?<![^\W\d_])(?P<c>{cur})\s?$")
    after = re.compile(rf"(?:\s?(?P<m>{mult})(?![^\W\d_]))?"
                       rf"(?:(?:\s(?:de|of|d'))?\s?(?P<c>{cur})(?![^\W\d_]))?")
    bare = {fold_str(m) for m in data["without_currency"]["multipliers"]}
    return number, before, after, tokens, mults, bare, fold_str(data["without_currency"]["token"])


_NUMBER, _BEFORE, _AFTER, _TOKENS, _MULTS, _BARE_MULTS, _BARE = _compile()
_LOOKBACK = 8


def amount(text: str) -> Decimal | None:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    seps = [i for i, c in enumerate(text) if c in ",. "]
    decimals = ""
    if seps and text[seps[-1]] in ",." and len(text) - seps[-1] - 1 in (1, 2):
        text, decimals = text[:seps[-1]], text[seps[-1] + 1:]
    digits = re.sub(r"[,. ]", "", text)
    try:
        return Decimal(f"{digits}.{decimals or '0'}")
    except InvalidOperation:
        return None


def currency(token: str, region: str) -> str:
    spec = _TOKENS[token]
    if isinstance(spec, str):
        return spec
    return spec.get(region.upper(), spec["default"])


def money(folded: Folded, region: str) -> Iterator[tuple[str, int, int]]:
    ft = folded.text
    for m in _NUMBER.finditer(ft):
        start, end = m.span()
        token = mult = None
        lo = max(0, start - _LOOKBACK)
        pre = _BEFORE.search(ft[lo:start])
        post = _AFTER.match(ft, end)
        if post:
            mult = post.group("m")
        if pre:
            token, start = pre.group("c"), lo + pre.start()
            if mult:
                end = post.end("m")
        elif post and post.group("c"):
            token, end = post.group("c"), post.end()
        elif mult in _BARE_MULTS:
            token, end = _BARE, post.end("m")
        else:
            continue
        value = amount(m.group())
        if value is None:
            continue
        if mult:
            value *= _MULTS[mult]
        text = str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"
        yield f"{currency(token, region)} {text}", start, end
