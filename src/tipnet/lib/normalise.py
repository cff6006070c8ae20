"""Normalisers for blind-indexed values: the same person typed two ways must hash the same.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

_SPACE = re.compile(r"\s+")
_NAME_DROP = re.compile(r"[^\w\s]", re.UNICODE)
_DOC_DROP = re.compile(r"[\s\-./]")


def name(value: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces: 'José  O'Neil' -> 'jose oneil'."""
    if value.isascii():  # nothing to decompose (most names in a large import)
        stripped = value
    else:
        decomposed = unicodedata.normalize("NFKD", value)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = _NAME_DROP.sub("", stripped.casefold())
    return _SPACE.sub(" ", cleaned).strip()


def name_keys(value: str) -> set[str]:
    """What a name is findable by: the whole normalised name and each of its words."""
    whole = name(value)
    if not whole:
        return set()
    return {whole, *whole.split(" ")}


def phone(value: str, region: str | None = None) -> str:
    """E.164 when the number parses (with the organisation's country as default region),
    otherwise the bare digits, so that a search finds what was stored either way."""
    raw = value.strip()
    try:
        parsed = phonenumbers.parse(raw, (region or "").upper() or None)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return "".join(ch for ch in raw if ch.isdigit())


def email(value: str) -> str:
    return value.strip().casefold()


def document(value: str) -> str:
    """Identity document numbers: case and separators do not matter ('ab 123-45' = 'AB12345')."""
    return _DOC_DROP.sub("", value).upper()
