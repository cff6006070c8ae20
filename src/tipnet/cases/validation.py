"""Validate case data coming from a form, the API or an HTCDS import, the same way for all.

Input is a plain dict (see docs/data-model.md); output is a cleaned dict with codes checked
against their code lists, dates parsed and text trimmed. Every problem is collected with its
path ("movements.1.to_country") so that a caller can report all of them at once.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from tipnet.codelists import services as codelists

MAX_TEXT = 20_000
MAX_SHORT = 200
MAX_ITEMS = 200

PERSON_TEXT = ("given_name", "middle_name", "family_name")
PERSON_CODES = {"gender": "gender", "marital_status": "marital_status",
                "education_level": "education_level", "age_basis": "age_basis"}
PERSON_MULTI = {"citizenship": "country", "languages": "language"}

CASE_CODES = {"status": "case_status", "trafficking_status": "trafficking_status",
              "status_decided_by": "status_decision_org",
              "relationship_to_trafficker": "relationship_to_trafficker",
              "industry": "industry", "country": "country"}
CASE_MULTI = {"exploitation_types": "exploitation_type",
              "sex_exploitation_types": "sex_exploitation_type",
              "methods_of_control": "method_of_control",
              "recruitment_methods": "recruitment_method",
              "recruitment_websites": "recruitment_website",
              "exploitation_websites": "recruitment_website",
              "vulnerabilities": "vulnerability"}
CASE_TEXT = ("narrative", "vulnerability_details", "closure_reason")

CHILD_SPECS: dict[str, dict[str, Any]] = {
    "documents": {"codes": {"kind": "document_type", "issuing_country": "country"},
                  "text": {"number": MAX_SHORT}, "dates": ("expiry_date",),
                  "bools": ("held_by_other",), "required": ("kind", "number")},
    "contacts": {"codes": {"kind": "contact_kind"}, "text": {"value": MAX_SHORT,
                 "notes": MAX_TEXT}, "bools": ("safe_to_contact",),
                 "required": ("kind", "value")},
    "movements": {"codes": {"stage": "event_type", "from_country": "country",
                            "to_country": "country", "transport": "transport_means"},
                  "text": {"from_place": 120, "to_place": 120, "border_crossing": 120,
                           "description": MAX_TEXT},
                  "dates": ("departed_on", "arrived_on"), "ints": ("sequence",)},
    "perpetrators": {"codes": {"gender": "gender", "nationality": "country"},
                     "multi": {"roles": "perpetrator_role"},
                     "text": {"name": MAX_SHORT, "alias": MAX_SHORT,
                              "role_details": MAX_TEXT}},
}


PERSON_KEYS = frozenset({*PERSON_TEXT, *PERSON_CODES, *PERSON_MULTI, "birth_date",
                         "estimated_age"})
CASE_KEYS = frozenset({"person", "aliases", "identified_on", "age_when_trafficked",
                       "agreement_to_manage_data", "team_id", *CASE_CODES, *CASE_MULTI,
                       *CASE_TEXT, *CHILD_SPECS})


class CaseDataError(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


Path = str | tuple  # "person.gender", or its parts, joined only for a problem (a clean
#                      record, the usual one, then builds no path at all)


def _joined(path: Path) -> str:
    if type(path) is str:
        return path
    return ".".join(_joined(part) if type(part) is tuple else str(part) for part in path)


class _Cleaner:
    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, path: Path, message: str) -> None:
        self.errors[_joined(path)] = message

    def text(self, path: Path, value: Any, limit: int = MAX_TEXT) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(path, "must be text")
            return ""
        value = value.strip()
        if len(value) > limit:
            self.fail(path, f"is longer than {limit} characters")
        if "\x00" in value:
            self.fail(path, "contains a NUL character")
        return value

    def code(self, path: Path, value: Any, list_name: str) -> str:
        if value in (None, ""):
            return ""
        if not isinstance(value, str):
            self.fail(path, "must be a code (text)")
            return ""
        if list_name == "country":
            value = value.strip().upper()
        if value not in codelists.get(list_name).labels:
            self.fail(path, f"{value[:40]!r} is not in the {list_name} code list")
        return value

    def codes(self, path: Path, value: Any, list_name: str) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = [v for v in value.split(";") if v.strip()]
        if not isinstance(value, list):
            self.fail(path, "must be a list of codes")
            return []
        out = []
        for i, v in enumerate(value[:MAX_ITEMS]):
            c = self.code((path, i), v.strip() if isinstance(v, str) else v, list_name)
            if c and c not in out:
                out.append(c)
        return out

    def date(self, path: Path, value: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            parsed = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(path, f"{str(value)[:30]!r} is not a date (YYYY-MM-DD)")
            return None
        if not (1900 <= parsed.year <= 2100):
            self.fail(path, "is out of range")
        return parsed

    def integer(self, path: Path, value: Any, lo: int, hi: int) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            self.fail(path, "must be a whole number")
            return None
        try:
            number = int(value)
            if isinstance(value, float) and number != value:
                raise ValueError
        except (TypeError, ValueError):
            self.fail(path, "must be a whole number")
            return None
        if not lo <= number <= hi:
            self.fail(path, f"must be between {lo} and {hi}")
        return number

    def boolean(self, path: Path, value: Any) -> bool:
        if value in (None, ""):
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "on"}:
            return True
        if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "off"}:
            return False
        self.fail(path, "must be true or false")
        return False


def clean_case_data(data: Any, *, partial: bool = False) -> dict[str, Any]:
    """Check and normalise case data. ``partial`` (PATCH) cleans only the keys given."""
    c = _Cleaner()
    if not isinstance(data, dict):
        raise CaseDataError({"": "must be an object"})
    out: dict[str, Any] = {}
    person_in = data.get("person")
    if person_in is not None or not partial:
        person_in = person_in or {}
        if not isinstance(person_in, dict):
            c.errors["person"] = "must be an object"
            person_in = {}
        person: dict[str, Any] = {}
        for key in PERSON_TEXT:
            if key in person_in or not partial:
                person[key] = c.text(("person", key), person_in.get(key), MAX_SHORT)
        for key, lst in PERSON_CODES.items():
            if key in person_in or not partial:
                person[key] = c.code(("person", key), person_in.get(key), lst)
        for key, lst in PERSON_MULTI.items():
            if key in person_in or not partial:
                person[key] = c.codes(("person", key), person_in.get(key), lst)
        if "birth_date" in person_in or not partial:
            person["birth_date"] = c.date("person.birth_date", person_in.get("birth_date"))
            if person["birth_date"] and person["birth_date"] > dt.date.today():
                c.errors["person.birth_date"] = "is in the future"
        if "estimated_age" in person_in or not partial:
            person["estimated_age"] = c.integer("person.estimated_age",
                                                person_in.get("estimated_age"), 0, 120)
        for key in sorted(set(person_in) - PERSON_KEYS):
            c.errors[f"person.{key}"] = "is not a field of a person"
        out["person"] = person
    for key, lst in CASE_CODES.items():
        if key in data or (not partial and key != "status"):
            out[key] = c.code(key, data.get(key), lst)
    if not partial and not data.get("status"):
        out["status"] = "Active"
    for key, lst in CASE_MULTI.items():
        if key in data or not partial:
            out[key] = c.codes(key, data.get(key), lst)
    for key in CASE_TEXT:
        if key in data or not partial:
            out[key] = c.text(key, data.get(key))
    if "identified_on" in data or not partial:
        out["identified_on"] = c.date("identified_on", data.get("identified_on"))
    if "age_when_trafficked" in data or not partial:
        out["age_when_trafficked"] = c.integer("age_when_trafficked",
                                               data.get("age_when_trafficked"), 0, 120)
    if "agreement_to_manage_data" in data or not partial:
        out["agreement_to_manage_data"] = c.boolean("agreement_to_manage_data",
                                                    data.get("agreement_to_manage_data"))
    if "team_id" in data:
        out["team_id"] = c.integer("team_id", data.get("team_id"), 1, 2**62)
    if "aliases" in data or not partial:
        aliases = data.get("aliases") or []
        if not isinstance(aliases, list):
            c.errors["aliases"] = "must be a list of names"
            aliases = []
        out["aliases"] = [a for a in (c.text(("aliases", i), v, MAX_SHORT)
                                      for i, v in enumerate(aliases[:MAX_ITEMS])) if a]
    for name, spec in CHILD_SPECS.items():
        if name in data or not partial:
            out[name] = _clean_children(c, name, data.get(name), spec)
    for key in sorted(set(data) - CASE_KEYS):
        c.errors[key] = "is not a field of a case"
    if c.errors:
        raise CaseDataError(c.errors)
    return out


@cache
def _allowed(name: str) -> frozenset[str]:
    spec = CHILD_SPECS[name]
    return frozenset({*spec.get("codes", {}), *spec.get("multi", {}), *spec.get("text", {}),
                      *spec.get("dates", ()), *spec.get("bools", ()), *spec.get("ints", ()),
                      "id"})


@cache
def _child_plan(name: str) -> tuple[tuple[tuple[str, Any], ...], ...]:
    """A child spec's parts as tuples, in the order they are checked: codes, multi, text
    (with limits), dates, bools, ints (each as (key, argument)), required."""
    spec = CHILD_SPECS[name]
    return (tuple(spec.get("codes", {}).items()), tuple(spec.get("multi", {}).items()),
            tuple(spec.get("text", {}).items()),
            tuple((k, None) for k in spec.get("dates", ())),
            tuple((k, None) for k in spec.get("bools", ())),
            tuple((k, None) for k in spec.get("ints", ())),
            tuple((k, None) for k in spec.get("required", ())))


def _clean_children(c: _Cleaner, name: str, items: Any, spec: dict[str, Any]) -> list[dict]:
    if items in (None, ""):
        return []
    if not isinstance(items, list):
        c.errors[name] = "must be a list"
        return []
    if len(items) > MAX_ITEMS:
        c.errors[name] = f"has more than {MAX_ITEMS} items"
    out = []
    allowed = _allowed(name)
    codes, multi, text, dates, bools, ints, required = _child_plan(name)
    for i, item in enumerate(items[:MAX_ITEMS]):
        path = f"{name}.{i}"
        if not isinstance(item, dict):
            c.errors[path] = "must be an object"
            continue
        row: dict[str, Any] = {}
        get = item.get
        for key, lst in codes:
            row[key] = c.code((path, key), get(key), lst)
        for key, lst in multi:
            row[key] = c.codes((path, key), get(key), lst)
        for key, limit in text:
            row[key] = c.text((path, key), get(key), limit)
        for key, _ in dates:
            row[key] = c.date((path, key), get(key))
        for key, _ in bools:
            row[key] = c.boolean((path, key), get(key))
        for key, _ in ints:
            row[key] = c.integer((path, key), get(key), 0, 10_000)
        for key, _ in required:
            if not row.get(key):
                c.errors.setdefault(f"{path}.{key}", "is required")
        if not allowed.issuperset(item):
            for key in sorted(set(item) - allowed):
                c.errors[f"{path}.{key}"] = f"is not a field of {name}"
        out.append(row)
    return out
