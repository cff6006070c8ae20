"""Translatable texts in the identification data files.

Every text in ``data/`` is an object of languages, English at least: ``{"en": "..."}``. The other
languages live apart, one file per language in ``data/translations/``, as a flat map from a
text's *key* to its translation, so that translators work on one file and a new indicator
cannot silently go untranslated (tests/identification/test_data.py checks that every key is
translated in every language, and that no translation is left over).

A key is the path to the text: the file's name, then for each level the ``id`` of a list item
or the name of an object member, e.g. ``delphi/dr.wages/question``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LANGUAGES = ("en", "fr", "es", "ar")


def is_text(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("en"), str) and all(
        isinstance(v, str) for v in node.values())


def walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """(key, text object) for every translatable text under ``node``."""
    if is_text(node):
        yield "/".join(path), node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from walk(value, (*path, name))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            segment = value.get("id") if isinstance(value, dict) else None
            yield from walk(value, (*path, str(segment if segment is not None else i)))


def merge(data: Any, root: str, translations: dict[str, dict[str, dict[str, str]]]) -> None:
    """Put each language's translations into the text objects of ``data``, in place.

    A translation file maps a key to ``{"en": the English it translates, "text": ...}``; a
    translation whose English has since changed is stale and is not used (English shows, and
    the data test names it)."""
    for key, text in walk(data, (root,)):
        for lang, table in translations.items():
            entry = table.get(key)
            if entry and entry.get("en") == text["en"] and entry.get("text"):
                text[lang] = entry["text"]


def pick(text: dict[str, str] | None, lang: str) -> str:
    """A text in ``lang``, or in English when it has no translation."""
    if not text:
        return ""
    return text.get(lang) or text["en"]
