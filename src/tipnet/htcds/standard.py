"""The HTCDS v2.0 field standard and tipnet's mapping table, read once from ``data/``.

``htcds_v2_fields.json`` is IOM's field standard as published; ``mapping.json`` says which of
its fields tipnet maps, to what, and which tipnet extensions (``x_tipnet_*``) travel with them.
Everything else in this app (schema, converters, CSV layout, MAPPING.md) derives from these two
files, so adding a mapped field is a data change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
EXTENSION_PREFIX = "x_tipnet_"


@dataclass(frozen=True)
class Entry:
    """One mapped field: an HTCDS field or a tipnet extension."""

    key: str
    tipnet: str
    type: str | None = None  # for extensions (text, integer, boolean, date, date-time, code,
    #                          codes, texts); for HTCDS fields an override (integer)
    codelist: str | None = None
    rule: str | None = None
    direction: str = "both"  # "export": written only; "import": read only
    encrypted: bool = False
    required: bool = False
    label: str = ""
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # rule parameters

    @property
    def is_extension(self) -> bool:
        return self.key.startswith(EXTENSION_PREFIX)

    @property
    def exported(self) -> bool:
        return self.direction in ("both", "export")

    @property
    def imported(self) -> bool:
        return self.direction in ("both", "import")


@dataclass(frozen=True)
class ObjectGroup:
    """A repeated object (events, perpetrators...): an array of records in one key."""

    key: str
    prefix: str
    tipnet: str
    label: str
    description: str
    fields: tuple[Entry, ...]

    def column(self, entry: Entry) -> str:
        """The CSV column of one of its fields (unique across the whole record)."""
        return entry.key if entry.key.startswith(self.prefix) else self.prefix + entry.key


_ENTRY_KEYS = {"key", "tipnet", "type", "codelist", "rule", "direction", "encrypted",
               "required", "label", "description"}


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(**{k: v for k, v in raw.items() if k in _ENTRY_KEYS},
                 extra={k: v for k, v in raw.items() if k not in _ENTRY_KEYS})


@dataclass(frozen=True)
class Mapping:
    version: str
    htcds_version: str
    default_consent_scope: str
    event_place: dict[str, str]
    record: tuple[Entry, ...]
    objects: tuple[ObjectGroup, ...]

    def group(self, key: str) -> ObjectGroup:
        return next(g for g in self.objects if g.key == key)


@cache
def mapping() -> Mapping:
    raw = json.loads((DATA_DIR / "mapping.json").read_text(encoding="utf-8"))
    return Mapping(
        version=str(raw["version"]),
        htcds_version=str(raw["htcds_version"]),
        default_consent_scope=raw["default_consent_scope"],
        event_place=dict(raw["event_place"]),
        record=tuple(_entry(e) for e in raw["record"]),
        objects=tuple(ObjectGroup(key=g["key"], prefix=g["prefix"], tipnet=g["tipnet"],
                                  label=g["label"], description=g["description"],
                                  fields=tuple(_entry(e) for e in g["fields"]))
                      for g in raw["objects"]),
    )


@cache
def fields() -> dict[str, dict[str, Any]]:
    """The standard's fields by name (``prs_FirstName`` -> its row)."""
    raw = json.loads((DATA_DIR / "htcds_v2_fields.json").read_text(encoding="utf-8"))
    return {f["field"]: f for f in raw["fields"]}


def source() -> str:
    raw = json.loads((DATA_DIR / "htcds_v2_fields.json").read_text(encoding="utf-8"))
    return str(raw["source"])
