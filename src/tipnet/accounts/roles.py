"""Roles, their scope and their permissions, loaded from ``data/roles.json``.

The system administrator manages organisations and users (in the Django admin) but sees no
case in any organisation: administering the platform is not a reason to read survivors' files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SCOPES = ("none", "own", "team", "organisation")


@dataclass(frozen=True)
class Role:
    code: str
    scope: str
    permissions: frozenset[str]


@cache
def roles() -> dict[str, Role]:
    raw = json.loads((Path(__file__).parent / "data" / "roles.json").read_text())
    out = {}
    for code, spec in raw["roles"].items():
        if spec["scope"] not in SCOPES:
            raise ValueError(f"role {code}: unknown scope {spec['scope']!r}")
        out[code] = Role(code, spec["scope"], frozenset(spec["permissions"]))
    return out


def role(code: str) -> Role:
    try:
        return roles()[code]
    except KeyError:
        raise LookupError(f"unknown role {code!r}") from None
