"""The few mappings that are not a one-to-one copy (``rule`` in data/mapping.json).

- ``languages``: tipnet keeps an ordered list; HTCDS has a primary and a secondary language.
  The first two go there, the rest to ``x_tipnet_OtherLanguages``.
- ``first_document`` / ``first_contact``: HTCDS has one identity number, one e-mail and two
  phones on the person; tipnet keeps lists. Exports put the first of each kind there (the full
  lists travel in ``x_tipnet_IdentityDocuments`` / ``x_tipnet_Contacts``); imports add the value
  to the list unless it is already in it.
- ``event_place`` / ``event_end``: a tipnet movement is a leg with two ends; an HTCDS event has
  one place and date. A Recruitment event happens where the leg starts, the others where it
  ends (``event_place`` in the mapping); the other end travels in ``x_tipnet_From*`` /
  ``x_tipnet_To*``.
- ``split_name``: a perpetrator has one name in tipnet; HTCDS has first and second name. The
  last word is the second name, so that joining them with a space gives the name back.
- ``single_as_list``: a perpetrator's one nationality is a one-element ``prs_Citizenship``.
- ``names_of``: a list of related rows (aliases) exported as the list of one attribute.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from . import standard

EVENT_ENDS = {
    "from": {"country": "from_country", "place": "from_place", "date": "departed_on"},
    "to": {"country": "to_country", "place": "to_place", "date": "arrived_on"},
}
FUTURE_SLACK = dt.timedelta(minutes=5)


def event_side(stage: Any) -> str:
    """Which end of a leg an HTCDS event of this type describes: "from" or "to"."""
    places = standard.mapping().event_place
    return places.get(stage, places["*"]) if isinstance(stage, str) else places["*"]


def split_name(name: str) -> tuple[str, str]:
    head, sep, tail = name.rpartition(" ")
    return (head, tail) if sep and head.strip() else (name, "")


def join_name(first: Any, second: Any) -> str:
    parts = [p for p in (first, second) if isinstance(p, str) and p]
    return " ".join(parts)


def languages_at(languages: list[str], position: int) -> Any:
    """The primary (0), secondary (1) or other (2: the rest, a list) language(s)."""
    if position >= 2:
        return languages[2:]
    return languages[position] if len(languages) > position else None


def languages_from(record: dict[str, Any], entries: list[standard.Entry]
                   ) -> tuple[list[Any], dict[str, str]]:
    """The ordered tipnet list from the HTCDS fields, and where each item came from."""
    out: list[Any] = []
    origin: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.extra["position"]):
        value = record.get(entry.key)
        values = value if isinstance(value, list) else [value] if value else []
        for i, v in enumerate(values):
            origin[f"person.languages.{len(out)}"] = (
                f"{entry.key}.{i}" if isinstance(value, list) else entry.key)
            out.append(v)
    return out, origin


def check_consent(item: dict[str, Any]) -> dict[str, str]:
    """What ``notes.record_consent`` would refuse, found before anything is written."""
    errors: dict[str, str] = {}
    for key in ("given_at", "withdrawn_at"):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue  # the schema reports the format
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        if when > timezone.now() + FUTURE_SLACK:
            errors[key] = "is in the future"
    return errors
