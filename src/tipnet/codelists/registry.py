"""Code lists (HTCDS picklists, ISIC sections, tipnet's own lists) loaded from data files.

Each list is a versioned JSON file in ``data/``, with a label per language. Labels fall back
to English when a language has none. Lists are read once, lazily, on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA_DIR = Path(__file__).resolve().parent / "data"


class UnknownCode(ValueError):
    """A value is not in the code list it was given for."""


@dataclass(frozen=True)
class CodeList:
    name: str
    version: str
    source: str
    htcds_field: str | None
    multiple: bool
    labels: dict[str, dict[str, str]]  # code -> lang -> label

    @property
    def codes(self) -> list[str]:
        return list(self.labels)

    def label(self, code: str, lang: str | None = None) -> str:
        labels = self.labels.get(code)
        if labels is None:
            return code
        lang = (lang or get_language() or "en").split("-")[0]
        return labels.get(lang) or labels["en"]

    def choices(self, lang: str | None = None) -> list[tuple[str, str]]:
        return [(code, self.label(code, lang)) for code in self.labels]

    def validate(self, code: str) -> str:
        if code not in self.labels:
            raise UnknownCode(f"{code!r} is not in the {self.name} code list")
        return code


@cache
def get(name: str) -> CodeList:
    if name == "country":
        return _countries()
    path = DATA_DIR / f"{name}.json"
    if not path.exists():
        raise LookupError(f"no code list named {name!r}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return CodeList(
        name=raw["name"],
        version=str(raw["version"]),
        source=raw["source"],
        htcds_field=raw.get("htcds_field"),
        multiple=bool(raw.get("multiple")),
        labels={entry["code"]: entry["label"] for entry in raw["codes"]},
    )


def all_names() -> list[str]:
    return sorted([*(p.stem for p in DATA_DIR.glob("*.json")), "country"])


class _CountryList(CodeList):
    """ISO 3166-1 alpha-2, with names translated by django-countries."""

    def label(self, code: str, lang: str | None = None) -> str:
        from django.utils import translation
        from django_countries import countries

        if lang:
            with translation.override(lang):
                return str(countries.name(code)) or code
        return str(countries.name(code)) or code

    def choices(self, lang: str | None = None) -> list[tuple[str, str]]:
        return [(code, self.label(code, lang)) for code in self.labels]


def _countries() -> CodeList:
    from django_countries import countries

    return _CountryList(
        name="country", version="ISO 3166-1", source="ISO 3166-1 alpha-2 via django-countries",
        htcds_field="prs_Citizenship", multiple=True,
        labels={code: {"en": str(name)} for code, name in countries},
    )
