"""A tipnet case <-> an HTCDS record (a plain dict that fits the schema).

``case_to_record`` reads a case as loaded by ``cases.services.case_detail_queryset`` (person
joined, parts prefetched) and leaves out empty values. ``record_to_case`` turns a record into
the case data ``cases.validation.clean_case_data`` takes, plus the comments and consents that
are added through ``cases.notes``, plus ``origin``: which HTCDS field each tipnet path came from,
so that a problem found by tipnet's validation is reported under the field the file used.
The field-by-field table is data/mapping.json (rendered as MAPPING.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tipnet.cases import sharing

from . import rules, standard
from .standard import Entry, ObjectGroup

# Repeated objects that are not part of the case data clean_case_data takes.
NOTE_GROUPS = ("comments", "consents")
# Rules that only concern export: the import copies the value as it is.
COPIED_ON_IMPORT = (None, "names_of")


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date):  # and datetime
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    code = getattr(value, "code", None)  # django_countries Country
    if code is not None:
        return code or None
    return str(value)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


# -- export -------------------------------------------------------------------------------

def _record_value(entry: Entry, case: Any) -> Any:
    if entry.rule == "languages":
        return rules.languages_at(case.person.languages, entry.extra["position"])
    if entry.rule == "first_document":
        return next((d.number for d in case.documents.all()), None)
    if entry.rule == "first_contact":
        kind = entry.extra["contact_kind"]
        return next((c.value for c in case.contacts.all() if c.kind == kind), None)
    if entry.rule == "names_of":
        return [getattr(o, entry.extra["attribute"]) for o in getattr(case, entry.tipnet).all()]
    owner, _, name = entry.tipnet.rpartition(".")
    return _plain(getattr(case.person if owner == "person" else case, name))


def _item_value(entry: Entry, obj: Any) -> Any:
    if entry.rule == "event_place":
        side = rules.event_side(obj.stage)
        return _plain(getattr(obj, rules.EVENT_ENDS[side][entry.extra["part"]]))
    if entry.rule == "event_end":
        end = entry.extra["end"]
        if end == rules.event_side(obj.stage):
            return None  # already the event's own place and date
        return _plain(getattr(obj, rules.EVENT_ENDS[end][entry.extra["part"]]))
    if entry.rule == "split_name":
        first, second = rules.split_name(obj.name)
        return first if entry.extra["part"] == "first" else second
    if entry.rule == "single_as_list":
        code = _plain(getattr(obj, entry.tipnet))
        return [code] if code else None
    return _plain(getattr(obj, entry.tipnet))


def case_to_record(case: Any) -> dict[str, Any]:
    m = standard.mapping()
    out: dict[str, Any] = {}
    for entry in m.record:
        if entry.exported:
            value = _record_value(entry, case)
            if _present(value):
                out[entry.key] = value
    for group in m.objects:
        items = []
        for obj in getattr(case, group.tipnet).all():
            item = {}
            for entry in group.fields:
                value = _item_value(entry, obj) if entry.exported else None
                if _present(value):
                    item[entry.key] = value
            items.append(item)
        if items:
            out[group.key] = items
    return out


def _shared_keys(groups: frozenset[str]) -> tuple[set[str], set[str]]:
    """The record keys ``groups`` share, and the keys of a consent item that may go along."""
    keys = sharing.shared_keys(groups)
    consent_keys = set(sharing.shared_consent_keys())
    m = standard.mapping()
    allowed = {e.key for e in m.record if e.tipnet in keys}
    allowed |= {g.key for g in m.objects if g.tipnet in keys}
    consent_fields = {e.key for g in m.objects if g.tipnet == "consents" for e in g.fields
                      if e.tipnet in consent_keys}
    return allowed, consent_fields


def _consents_key() -> str:
    return next(g.key for g in standard.mapping().objects if g.tipnet == "consents")


def scoped_record(case: Any, groups: frozenset[str]) -> dict[str, Any]:
    """The HTCDS record of ``case`` holding only the field groups shared (see
    cases.sharing): what a referral to another deployment carries. Default-deny: a field
    whose tipnet path is in no shared group is left out."""
    allowed, consent_fields = _shared_keys(groups)
    out = {k: v for k, v in case_to_record(case).items() if k in allowed}
    key = _consents_key()
    if key in out:
        out[key] = [{k: v for k, v in item.items() if k in consent_fields}
                    for item in out[key]]
    return out


def keys_outside(record: dict[str, Any], groups: frozenset[str]) -> list[str]:
    """The keys of ``record`` that ``groups`` do not share (a received package must hold
    nothing more than it says it shares)."""
    allowed, consent_fields = _shared_keys(groups)
    extra = sorted(k for k in record if k not in allowed)
    items = record.get(_consents_key())
    if isinstance(items, list):
        extra += sorted({f"{_consents_key()}.{k}" for item in items if isinstance(item, dict)
                         for k in item if k not in consent_fields})
    return extra


# -- import -------------------------------------------------------------------------------

@dataclass
class Mapped:
    data: dict[str, Any]  # for clean_case_data
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # comments, consents
    origin: dict[str, str] = field(default_factory=dict)  # tipnet path -> HTCDS path
    errors: dict[str, str] = field(default_factory=dict)  # HTCDS path -> message
    track: bool = True  # keep ``origin`` (without it, problems cannot be placed)

    def htcds_path(self, tipnet_path: str) -> str:
        """Where in the record a problem with this tipnet path comes from."""
        parts = tipnet_path.split(".")
        for n in range(len(parts), 0, -1):
            found = self.origin.get(".".join(parts[:n]))
            if found is not None:
                return ".".join([found, *parts[n:]])
        return tipnet_path


@cache
def _item_plan(group_key: str) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
    """The fields of a group that an import copies one by one (in mapping order), and those
    joined into a name."""
    group = standard.mapping().group(group_key)
    return (tuple(e for e in group.fields if e.imported and e.rule != "split_name"),
            tuple(e for e in group.fields if e.rule == "split_name"))


def _import_item(group: ObjectGroup, i: int, item: dict[str, Any], mapped: Mapped
                 ) -> dict[str, Any]:
    base, tbase = f"{group.key}.{i}", f"{group.tipnet}.{i}"
    track = mapped.track
    if track:
        mapped.origin[tbase] = base
    row: dict[str, Any] = {}

    def put(attr: str, key: str, value: Any) -> None:
        row[attr] = value
        if track:
            mapped.origin.setdefault(f"{tbase}.{attr}", f"{base}.{key}")

    copied, names = _item_plan(group.key)
    side = rules.event_side(item.get("hte_Type"))
    for entry in copied:
        if entry.key not in item:
            continue
        value = item[entry.key]
        rule = entry.rule
        if rule is None:
            put(entry.tipnet, entry.key, value)
        elif rule == "event_place":
            put(rules.EVENT_ENDS[side][entry.extra["part"]], entry.key, value)
        elif rule == "event_end":
            attr = rules.EVENT_ENDS[entry.extra["end"]][entry.extra["part"]]
            if attr in row and row[attr] != value:
                mapped.errors[f"{base}.{entry.key}"] = (
                    "contradicts the event's own place or date (hte_Country, hte_City, "
                    "hte_Date); leave it empty")
            put(attr, entry.key, value)
        elif rule == "single_as_list":
            put(entry.tipnet, entry.key, value[0] if value else "")
        else:
            put(entry.tipnet, entry.key, value)
    if names and any(e.key in item for e in names):
        parts = {e.extra["part"]: item.get(e.key) for e in names}
        put(names[0].tipnet, next(e.key for e in names if e.key in item),
            rules.join_name(parts.get("first"), parts.get("second")))
    return row


def _add_unless_present(items: list[dict[str, Any]], new: dict[str, Any],
                        match: tuple[str, ...], path: str, key: str, mapped: Mapped) -> None:
    if any(all(i.get(k) == new[k] for k in match) for i in items):
        return
    if mapped.track:
        mapped.origin[f"{path}.{len(items)}"] = key
        for field_name in new:
            mapped.origin[f"{path}.{len(items)}.{field_name}"] = key
    items.append(new)


@dataclass(frozen=True)
class _ImportPlan:
    copied: dict[str, tuple[bool, str, str]]  # HTCDS key -> (person's?, attribute, tipnet path)
    languages: list[Entry]
    firsts: list[Entry]  # first_document / first_contact, in mapping order


@cache
def _import_plan() -> _ImportPlan:
    m = standard.mapping()
    copied = {}
    for e in m.record:
        if e.rule in COPIED_ON_IMPORT and e.imported:
            owner, _, name = e.tipnet.rpartition(".")
            copied[e.key] = (owner == "person", name, e.tipnet)
    return _ImportPlan(copied, [e for e in m.record if e.rule == "languages"],
                       [e for e in m.record if e.imported
                        and e.rule in ("first_document", "first_contact")])


def record_to_case(record: dict[str, Any], *, track: bool = True) -> Mapped:
    """Map a record that passed the schema. Conflicts between fields go in ``errors``.

    ``track=False`` skips ``origin`` (faster, for the many records that have no problem);
    map again with it to place the problems of a record that has some."""
    m = standard.mapping()
    plan = _import_plan()
    person: dict[str, Any] = {}
    mapped = Mapped(data={"person": person}, track=track)
    for key, value in record.items():
        target = plan.copied.get(key)
        if target is None:
            continue
        to_person, name, tipnet = target
        (person if to_person else mapped.data)[name] = value
        if track:
            mapped.origin[tipnet] = key
    for group in m.objects:
        if group.key in record:
            items = [_import_item(group, i, item, mapped)
                     for i, item in enumerate(record[group.key])]
            (mapped.notes if group.tipnet in NOTE_GROUPS else mapped.data)[group.tipnet] = items
    if any(e.key in record for e in plan.languages):
        person["languages"], origin = rules.languages_from(record, plan.languages)
        if track:
            mapped.origin.update(origin)
    for entry in plan.firsts:
        value = record.get(entry.key)
        if not value:
            continue
        if entry.rule == "first_document":
            _add_unless_present(mapped.data.setdefault("documents", []),
                                {"kind": "other", "number": value}, ("number",), "documents",
                                entry.key, mapped)
        else:
            _add_unless_present(mapped.data.setdefault("contacts", []),
                                {"kind": entry.extra["contact_kind"], "value": value},
                                ("kind", "value"),
                                "contacts", entry.key, mapped)
    for i, comment in enumerate(mapped.notes.get("comments", [])):
        if not str(comment.get("text", "")).strip():
            mapped.errors[mapped.htcds_path(f"comments.{i}.text")] = "must not be empty"
    for i, consent in enumerate(mapped.notes.get("consents", [])):
        consent.setdefault("scope", m.default_consent_scope)
        for key, message in rules.check_consent(consent).items():
            mapped.errors[mapped.htcds_path(f"consents.{i}.{key}")] = message
    return mapped
