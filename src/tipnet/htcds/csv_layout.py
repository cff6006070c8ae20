"""HTCDS records as CSV rows: one row per case, one column per field.

- A column is named after its HTCDS field. A field of a repeated object gets the object's
  prefix when it does not already start with it (``hte_Type``, ``per_RoleInProcess``, but
  ``per_prs_FirstName``, ``hte_x_tipnet_Transport``), so every column name is unique.
- Multi-valued fields hold their values separated by ``;`` (as in the HTCDS templates):
  ``vic_TypeOfExploitation = ForcedLabour;SexualExploitation``.
- Repeated objects are flattened position by position: the n-th value of every column of the
  object belongs to the n-th object (``hte_Type = Recruitment;Transit``,
  ``hte_Country = NP;IN``). Positions may be empty (``hte_City = Kathmandu;``). A
  multi-valued field inside a repeated object separates its values with ``|``
  (``per_RoleInProcess = RecruiterOrIntermediary|Transporter;Exploiter``).
- In those list cells a backslash escapes the next character: ``\\;`` is a ``;`` inside a
  value, ``\\|`` a ``|``, ``\\\\`` a backslash. Cells of single-valued fields are written as
  they are, with no escaping.
- Booleans are ``true``/``false`` (``yes``/``no`` and ``1``/``0`` are read too); an empty cell
  means the field is not given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import schema, standard

TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0"}
INTEGER = re.compile(r"-?\d+")
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


@dataclass(frozen=True)
class Column:
    name: str  # CSV header
    key: str  # record key (or item key inside the group)
    group: str | None  # the repeated object's record key
    type: str  # string, integer, number, boolean
    multi: bool  # holds a list of values


def _kind(prop: dict[str, Any]) -> tuple[str, bool]:
    if prop.get("type") == "array":
        return prop["items"].get("type", "string"), True
    return prop.get("type", "string"), False


@cache
def columns() -> tuple[Column, ...]:
    props = schema.load()["properties"]
    groups = {g.key: g for g in standard.mapping().objects}
    out: list[Column] = []
    for key, prop in props.items():
        group = groups.get(key)
        if group is None:
            out.append(Column(key, key, None, *_kind(prop)))
            continue
        item_props = prop["items"]["properties"]
        for entry in group.fields:
            out.append(Column(group.column(entry), entry.key, key,
                              *_kind(item_props[entry.key])))
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        raise ValueError("CSV column names are not unique; check data/mapping.json")
    return tuple(out)


def header() -> list[str]:
    return [c.name for c in columns()]


# -- escaping -------------------------------------------------------------------------------

def escape(text: str) -> str:
    if "\\" in text or ";" in text or "|" in text:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")
    return text


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def split(cell: str, sep: str) -> list[str]:
    """Split on separators that are not escaped; the parts keep their escapes."""
    if "\\" not in cell:
        return cell.split(sep)
    parts, start, i = [], 0, 0
    while i < len(cell):
        if cell[i] == "\\":
            i += 2
            continue
        if cell[i] == sep:
            parts.append(cell[start:i])
            start = i + 1
        i += 1
    parts.append(cell[start:])
    return parts


# -- writing --------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _in_list(value: Any, inner: str) -> str:
    if isinstance(value, list):
        return inner.join(escape(_text(v)) for v in value)
    return escape(_text(value))


def record_to_row(record: dict[str, Any]) -> list[str]:
    row = []
    for col in columns():
        if col.group is None:
            value = record.get(col.key)
            row.append(_in_list(value, ";") if col.multi else _text(value))
            continue
        cells = [_in_list(item.get(col.key), "|") for item in record.get(col.group, ())]
        row.append(";".join(cells) if any(cells) else "")
    return row


# -- reading --------------------------------------------------------------------------------

def _typed(text: str, kind: str) -> Any:
    """The value in its JSON type; text that does not parse stays text for the schema to
    report ("must be a whole number, not 'abc'")."""
    if kind == "integer" and INTEGER.fullmatch(text.strip()):
        return int(text)
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean":
        low = text.strip().lower()
        return True if low in TRUE else False if low in FALSE else text
    return text


@cache
def _by_name() -> dict[str, Column]:
    return {c.name: c for c in columns()}


def row_to_record(cells: dict[str, str]) -> dict[str, Any]:
    """A record from {column: cell}; empty cells are left out."""
    return cells_to_record(list(cells), list(cells.values()))


def _values(raw: str, sep: str, kind: str) -> list[Any]:
    if kind == "string" and "\\" not in raw:  # the usual case, with nothing to unescape
        return [p for p in raw.split(sep) if p != ""]
    return [_typed(unescape(p), kind) for p in split(raw, sep) if p != ""]


_last_plan: tuple[list[str], list[Column | None]] = ([], [])


def _plan(names: list[str]) -> list[Column | None]:
    """The column of each CSV header name (None for a name tipnet does not know), worked out
    once per file rather than once per row."""
    global _last_plan
    last_names, plan = _last_plan
    if names is not last_names and names != last_names:
        by_name = _by_name()
        plan = [by_name.get(n) for n in names]
        _last_plan = (names, plan)
    return plan


def cells_to_record(names: list[str], cells: list[str]) -> dict[str, Any]:
    """A record from a CSV row: the header's names and the row's cells (as many or fewer);
    empty cells are left out. The same record as ``row_to_record(dict(zip(names, cells)))``
    for a header without repeated names."""
    record: dict[str, Any] = {}
    grouped: dict[str, list[tuple[Column, list[str]]]] = {}
    for name, col, cell in zip(names, _plan(names), cells, strict=False):
        if not cell:
            continue
        if col is None:
            raise KeyError(name)
        if col.group is not None:
            parts = cell.split(";") if "\\" not in cell else split(cell, ";")
            grouped.setdefault(col.group, []).append((col, parts))
        elif col.multi:
            values = _values(cell, ";", col.type)
            if values:
                record[col.key] = values
        else:
            record[col.key] = cell if col.type == "string" else _typed(cell, col.type)
    for group, cols in grouped.items():
        items: list[dict[str, Any]] = [{} for _ in range(max(len(p) for _, p in cols))]
        for col, parts in cols:
            key, kind = col.key, col.type
            for item, part in zip(items, parts, strict=False):
                if col.multi:
                    values = _values(part, "|", kind)
                    if values:
                        item[key] = values
                elif part != "":
                    if "\\" in part:
                        part = unescape(part)
                    item[key] = part if kind == "string" else _typed(part, kind)
        record[group] = items
    return record
