"""The parts of a case another organisation may see when a case is shared with it.

A case is shared in *field groups* (code list ``case_field_group``); ``data/field_groups.json``
says which keys of the case (as ``serialise.case_dict`` gives them) belong to which group.
Scoping is default-deny: a key listed in no shared group is dropped, so a field added to the
case later stays private until someone decides which group it belongs to.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tipnet.codelists import services as codelists

SPEC_FILE = Path(__file__).parent / "data" / "field_groups.json"


@cache
def _spec() -> dict[str, Any]:
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    known = set(codelists.get("case_field_group").codes)
    named = set(spec["groups"])
    if named != known:
        raise ValueError(f"field_groups.json names {sorted(named ^ known)} differently from "
                         "the case_field_group code list")
    return spec


def all_groups() -> list[str]:
    return list(_spec()["groups"])


def always_shared() -> frozenset[str]:
    return frozenset(_spec()["always"])


def normalise_groups(groups: Any) -> frozenset[str]:
    """The groups asked for plus those always shared; unknown codes raise ValueError."""
    wanted = set(groups or [])
    unknown = wanted - set(all_groups())
    if unknown:
        raise ValueError(f"unknown field groups: {', '.join(sorted(map(str, unknown)))}")
    return frozenset(wanted) | always_shared()


def shared_keys(groups: frozenset[str]) -> frozenset[str]:
    """The case_dict keys (``person.x`` for the person's) that ``groups`` share."""
    spec = _spec()
    return frozenset(key for group in groups | always_shared() for key in spec["groups"][group])


def shared_consent_keys() -> tuple[str, ...]:
    return tuple(_spec()["consent_keys_shared"])


def scoped(data: dict[str, Any], groups: frozenset[str]) -> dict[str, Any]:
    """``data`` (a case_dict) reduced to the keys of ``groups``."""
    keys = shared_keys(groups)
    out: dict[str, Any] = {k: v for k, v in data.items() if k in keys and k != "person"}
    person = data.get("person") or {}
    out["person"] = {k: v for k, v in person.items() if f"person.{k}" in keys}
    if "consents" in out:
        shared = shared_consent_keys()
        out["consents"] = [{k: c.get(k) for k in shared} for c in out["consents"]]
    return out
