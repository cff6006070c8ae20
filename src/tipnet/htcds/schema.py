"""The JSON Schema (draft 2020-12) of one tipnet HTCDS record, and validation against it.

``build()`` generates the schema from the field standard and the mapping table (types and
picklist values from the standard; tipnet extensions and code lists from tipnet's data). The
generated schema is checked in as ``data/htcds-2.0.schema.json`` (``tipnet htcds_schema``
writes it, ``--check`` fails when it is stale) and that file is what imports and exports are
validated against. ``additionalProperties: false`` everywhere, so an unknown field or CSV column
is reported instead of silently dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from tipnet.codelists import services as codelists

from . import standard
from .standard import Entry, ObjectGroup

SCHEMA_PATH = standard.DATA_DIR / "htcds-2.0.schema.json"
SCHEMA_ID = "urn:tipnet:htcds:2.0:record"
COUNTRY_PATTERN = "^[A-Z]{2}$"
# Lists whose codes are checked by pattern or as plain strings rather than an enum: the
# standard asks for ISO 3166 / ISO 639 codes without listing them.
OPEN_LISTS = {"country": {"type": "string", "pattern": COUNTRY_PATTERN},
              "language": {"type": "string"}}
EXTENSION_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "date-time": {"type": "string", "format": "date-time"},
}


def _code(codelist: str, values: list[str] | None = None) -> dict[str, Any]:
    if codelist in OPEN_LISTS:
        return dict(OPEN_LISTS[codelist])
    return {"type": "string", "enum": values or codelists.get(codelist).codes}


def _htcds_type(entry: Entry) -> dict[str, Any]:
    std = standard.fields()[entry.key]
    kind = std["type"]
    hint = " ".join([*std["values"], *std["labels"], std["notes"]])
    if "ISO 3166" in hint or entry.codelist == "country":
        scalar = dict(OPEN_LISTS["country"])
    elif "ISO 639" in hint:
        scalar = dict(OPEN_LISTS["language"])
    else:
        scalar = {"type": "string"}
    if kind in ("Picklist", "Multiselect Picklist") and "enum" not in scalar \
            and "pattern" not in scalar and std["values"] and "ISO 639" not in hint:
        scalar["enum"] = list(std["values"])
    if kind == "Multiselect Picklist":
        return {"type": "array", "items": scalar}
    if kind in ("Picklist", "Text", "Long Text"):
        return scalar
    if kind == "Date":
        return {"type": "string", "format": "date"}
    if kind == "Number":
        return {"type": "integer" if entry.type == "integer" else "number"}
    if kind == "Checkbox":
        return {"type": "boolean"}
    raise ValueError(f"{entry.key}: tipnet cannot map an HTCDS {kind!r} field")


def _extension_type(entry: Entry) -> dict[str, Any]:
    if entry.type == "code":
        return _code(entry.codelist or "")
    if entry.type == "codes":
        return {"type": "array", "items": _code(entry.codelist or "")}
    if entry.type == "texts":
        return {"type": "array", "items": {"type": "string"}}
    if entry.type in EXTENSION_TYPES:
        return dict(EXTENSION_TYPES[entry.type])
    raise ValueError(f"{entry.key}: unknown extension type {entry.type!r}")


def property_schema(entry: Entry) -> dict[str, Any]:
    if entry.is_extension:
        out: dict[str, Any] = {"title": entry.label, "description": entry.description}
        out.update(_extension_type(entry))
    else:
        std = standard.fields()[entry.key]
        out = {"title": std["label"]}
        if std["description"]:
            out["description"] = std["description"]
        out.update(_htcds_type(entry))
    if entry.rule == "single_as_list":
        out["maxItems"] = 1
    if entry.required and out.get("type") == "string":
        out["minLength"] = 1
    if "max_length" in entry.extra:
        out["maxLength"] = entry.extra["max_length"]
    out["x-tipnet-field"] = entry.tipnet
    return out


def _group_schema(group: ObjectGroup) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "object", "additionalProperties": False,
        "properties": {e.key: property_schema(e) for e in group.fields},
    }
    required = [e.key for e in group.fields if e.required]
    if required:
        item["required"] = required
    return {"title": group.label, "description": group.description, "type": "array",
            "items": item, "x-tipnet-field": group.tipnet}


def build() -> dict[str, Any]:
    m = standard.mapping()
    properties = {e.key: property_schema(e) for e in m.record}
    properties.update({g.key: _group_schema(g) for g in m.objects})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"tipnet HTCDS v{m.htcds_version} record",
        "description": (
            "One case as an HTCDS v2.0 record: Person (prs_), Victim Context (vic_) and Case "
            "(cas_) fields, repeated objects as arrays (hte_Events, per_Perpetrators, "
            "cco_Comments, con_Consents), and tipnet data the standard has no field for under "
            "keys starting x_tipnet_. Generated by `tipnet htcds_schema` from the field "
            "standard and tipnet/htcds/data/mapping.json; do not edit by hand."),
        "$comment": f"Field standard: {standard.source()}. Mapping version {m.version}.",
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": properties,
    }


def render() -> str:
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def load() -> dict[str, Any]:
    """The schema as shipped (the checked-in file)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# -- validation ---------------------------------------------------------------------------

def _iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _iso_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return "T" in value and dt.datetime.fromisoformat(value.replace("Z", "+00:00")) \
            .tzinfo is not None
    except ValueError:
        return False


@cache
def validator() -> Draft202012Validator:
    """Compiled once per process (the schema file does not change while running)."""
    checker = FormatChecker(formats=())
    checker.checks("date")(_iso_date)
    checker.checks("date-time")(_iso_datetime)
    schema = load()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=checker)


TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
              "boolean": "true or false", "array": "a list", "object": "an object"}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _messages(error: Any) -> list[tuple[str, str]]:
    path = ".".join(str(p) for p in error.absolute_path)
    dot = f"{path}." if path else ""
    kind, arg = error.validator, error.validator_value
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [(f"{dot}{k}", "is not a field tipnet maps (see the HTCDS schema)")
                for k in error.instance if k not in known]
    if kind == "required":
        return [(f"{dot}{k}", "is required") for k in arg if k not in error.instance]
    if kind == "type":
        if not path:
            return [("", f"the record must be an object, not {_short(error.instance)}")]
        return [(path, f"must be {TYPE_NAMES.get(arg, arg)}, not {_short(error.instance)}")]
    if kind == "enum":
        return [(path, f"{_short(error.instance)} is not one of the HTCDS values")]
    if kind == "pattern" and arg == COUNTRY_PATTERN:
        return [(path, f"{_short(error.instance)} is not an ISO 3166-1 alpha-2 country code")]
    if kind == "format":
        what = "a date (YYYY-MM-DD)" if arg == "date" else "a date and time with time zone"
        return [(path, f"{_short(error.instance)} is not {what}")]
    if kind == "minProperties" and not path:
        return [("", "the record is empty")]
    if kind == "minLength":
        return [(path, "must not be empty")]
    if kind == "maxLength":
        return [(path, f"is longer than {arg} characters")]
    if kind == "maxItems":
        return [(path, f"has more than {arg} value(s)")]
    return [(path, error.message[:200])]


@cache
def fast_check():  # type: ignore[no-untyped-def]
    """The same schema compiled to Python code by fastjsonschema (about 30 times faster than
    jsonschema). It answers only valid / not valid; ``errors`` asks jsonschema for the full
    list of messages when a record is not valid. The schema uses only keywords that mean the
    same in draft-07, which is what fastjsonschema compiles; the same format checks are used."""
    draft07 = {**load(), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft07, formats={"date": _iso_date,
                                                    "date-time": _iso_datetime})


def errors(record: Any) -> list[tuple[str, str]]:
    """Every way the record breaks the schema, as (field path, message), in path order."""
    try:
        fast_check()(record)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # not valid: let jsonschema say every way in which it is not
    found: list[tuple[str, str]] = []
    for error in validator().iter_errors(record):
        found.extend(_messages(error))
    return sorted(found)
