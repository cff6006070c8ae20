"""Database rows for new cases, built from cleaned case data without touching the database.

The bulk path (HTCDS imports, benchmarks) builds rows here, in worker processes when there
are several, and inserts them with one COPY per table (``lib.bulk_sql``). A row holds exactly
what ``save()`` stores: encrypted columns sealed to their model, column and row
(``lib.fields.row_context``), code lists as ``MultiCodeField`` stores them, defaults filled
in, timestamps of the batch. Keys are time-ordered UUIDs (``lib.ids``). No query is made here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from tipnet.lib.fields import EncryptedTextField, Sealed, row_context
from tipnet.lib.ids import uuid7
from tipnet.lib.keys import keyring
from tipnet.lib.multicode import MultiCodeField

from . import search
from .models import Alias, Case, ContactDetail, IdentityDocument, Movement, Perpetrator, Person

# The shape of cleaned case data (validation.clean_case_data) as stored: parts by model.
CHILD_MODELS = {"documents": IdentityDocument, "contacts": ContactDetail,
                "movements": Movement, "perpetrators": Perpetrator}
PERSON_FIELDS = ("given_name", "middle_name", "family_name", "birth_date", "estimated_age",
                 "age_basis", "gender", "citizenship", "languages", "marital_status",
                 "education_level")
CASE_FIELDS = ("status", "closure_reason", "country", "identified_on",
               "agreement_to_manage_data", "trafficking_status", "status_decided_by",
               "relationship_to_trafficker", "age_when_trafficked", "exploitation_types",
               "sex_exploitation_types", "methods_of_control", "recruitment_methods",
               "recruitment_websites", "exploitation_websites", "industry", "vulnerabilities",
               "vulnerability_details", "narrative")
DIGEST_TABLE = search.SearchDigest._meta.db_table
DIGEST_COLUMNS = ("case_id", "kind", "digest", "key_id")

_PLAIN = {"CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField",
          "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField"}
_NO_DEFAULT = object()


class TablePlan:
    """How one model's rows are built: its columns, and per column where the value comes
    from and how it becomes a database value (decided once, not per row: an import builds
    thousands of rows a second)."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.table = model._meta.db_table
        label = model._meta.label_lower
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.width = len(fields)
        self.pk_at = 0
        self.native_uuid = connection.features.has_native_uuid_field
        self.now_at: list[int] = []
        # (position, attname, to_plain, empty value, "label.name:" of the row context)
        self.sealed: list[tuple[int, str, Callable[[Any], str], Any, str]] = []
        # (position, attname, default or _NO_DEFAULT, converter or None)
        self.values: list[tuple[int, str, Any, Callable[[Any], Any] | None]] = []
        for i, f in enumerate(fields):
            if isinstance(f, EncryptedTextField):
                prefix = row_context(label, f.name, "")
                self.sealed.append((i, f.attname, f.to_plain, None if f.null else "", prefix))
            elif f.primary_key:
                self.pk_at = i
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.now_at.append(i)
            else:
                default = _NO_DEFAULT
                if f.has_default() and not callable(f.default):
                    default = f.default
                elif f.null:
                    default = None
                self.values.append((i, f.attname, default, _converter(f)))

    def row(self, pk: uuid.UUID, values: dict[str, Any], now: Any, ring: Any) -> list[Any]:
        """One row; ``ring`` is the live keyring (``lib.keys.keyring()``)."""
        out: list[Any] = [now] * self.width  # every column not set below is a timestamp
        row_key = str(pk)
        out[self.pk_at] = row_key if self.native_uuid else pk.hex
        for i, attname, to_plain, empty, prefix in self.sealed:
            value = values.get(attname)
            if isinstance(value, Sealed):
                out[i] = value
                continue
            text = "" if value is None else to_plain(value)
            out[i] = ring.encrypt(text, prefix + row_key) if text else (
                empty if value is None else "")
        for i, attname, default, convert in self.values:
            value = values.get(attname, default)
            if value is _NO_DEFAULT:
                raise ValueError(f"{self.table}.{attname} has no value and no default")
            out[i] = value if convert is None or value is None else convert(value)
        return out


def db_key(value: uuid.UUID) -> str:
    """A UUID as a key column takes it: PostgreSQL parses the text, SQLite keeps 32 hex
    digits."""
    return str(value) if connection.features.has_native_uuid_field else value.hex


def _uuid_value() -> Callable[[Any], Any]:
    return lambda value: db_key(value) if isinstance(value, uuid.UUID) else value


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """None when the value goes in as it is."""
    if isinstance(field, MultiCodeField):
        return field.get_prep_value
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return _uuid_value() if isinstance(target, models.UUIDField) else None
    if field.get_internal_type() in _PLAIN:
        return None
    if field.get_internal_type() == "DateField":  # cleaned data holds dates already
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


_PLANS: dict[str, dict[type[models.Model], TablePlan]] = {}


def plans() -> dict[type[models.Model], TablePlan]:
    """The plan of every model ``build`` writes, for the database in use."""
    vendor = connection.vendor
    if vendor not in _PLANS:
        _PLANS[vendor] = {m: TablePlan(m) for m in (Person, Case, Alias, *CHILD_MODELS.values())}
    return _PLANS[vendor]


def plan(model: type[models.Model]) -> TablePlan:
    return plans()[model]


@dataclass(frozen=True)
class Owner:
    """Who the new cases belong to: plain values, so that worker processes can take it."""

    organisation_id: int
    region: str  # the organisation's country: the region of phone numbers without a prefix
    user_id: int
    team_id: int | None

    @classmethod
    def of(cls, user: Any) -> Owner:
        org = user.organisation
        team = user.teams.first()  # as services.create_cleaned chooses it
        return cls(org.pk, search.region_of(org), user.pk, team.pk if team else None)


@dataclass
class NewCase:
    case_id: uuid.UUID
    rows: dict[str, list[list[Any]]]  # table -> rows
    decided: tuple[str, str] | None  # (trafficking status, deciding organisation)


def build(owner: Owner, item: dict[str, Any], reference: str, now: Any = None) -> NewCase:
    """The rows of one new case from cleaned data (``validation.clean_case_data``) with the
    reference reserved for it (``bulk.BulkWriter.references``)."""
    now = now if now is not None else connection.ops.adapt_datetimefield_value(timezone.now())
    ring = keyring()
    plan = plans()
    person_id, case_id = uuid7(), uuid7()
    case_key = db_key(case_id)
    person = {k: v for k, v in item["person"].items() if k in PERSON_FIELDS}
    person["organisation_id"] = owner.organisation_id
    case = {k: item[k] for k in CASE_FIELDS if k in item}
    case.update(organisation_id=owner.organisation_id, person_id=db_key(person_id),
                owner_id=owner.user_id, created_by_id=owner.user_id,
                team_id=owner.team_id, reference=reference)
    rows: dict[str, list[list[Any]]] = {
        Person._meta.db_table: [plan[Person].row(person_id, person, now, ring)],
        Case._meta.db_table: [plan[Case].row(case_id, case, now, ring)],
    }
    aliases = plan[Alias]
    rows[aliases.table] = [aliases.row(uuid7(), {"case_id": case_key, "name": name}, now, ring)
                           for name in item.get("aliases", [])]
    for name, model in CHILD_MODELS.items():
        child = plan[model]
        out = rows[child.table] = []
        for i, values in enumerate(item.get(name, []), start=1):
            values = {**values, "case_id": case_key}
            if name == "movements" and not values.get("sequence"):
                values["sequence"] = i
            out.append(child.row(uuid7(), values, now, ring))
    rows[DIGEST_TABLE] = [[case_key, kind, digest, kid] for kind, digest, kid
                          in search.digest_rows(search.data_values(item), owner.region)]
    status = item.get("trafficking_status")
    return NewCase(case_id, rows, (status, item.get("status_decided_by", "")) if status else None)


def tables() -> list[tuple[str, list[str]]]:
    """Every table ``build`` writes, parents before children, with its columns."""
    return [(plan(m).table, plan(m).columns)
            for m in (Person, Case, Alias, *CHILD_MODELS.values())] + [
        (DIGEST_TABLE, list(DIGEST_COLUMNS))]


def by_table(cases: list[NewCase]) -> dict[str, list[list[Any]]]:
    """The rows of many new cases, table by table."""
    return {table: [row for new in cases for row in new.rows[table]] for table, _ in tables()}
