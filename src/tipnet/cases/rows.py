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
from tipnet.lib.ids import uuid7_texts
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
        # (position, attname, to_plain or None for text taken as it is, empty value,
        #  "label.name:" of the row context)
        self.sealed: list[tuple[int, str, Callable[[Any], str] | None, Any, str]] = []
        # (position, attname, default or _NO_DEFAULT, converter or None)
        self.values: list[tuple[int, str, Any, Callable[[Any], Any] | None]] = []
        for i, f in enumerate(fields):
            if isinstance(f, EncryptedTextField):
                prefix = row_context(label, f.name, "")
                # A plain encrypted text field's to_plain(text) is the text itself.
                to_plain = None if type(f) is EncryptedTextField else f.to_plain
                self.sealed.append((i, f.attname, to_plain, None if f.null else "", prefix))
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

    def row(self, pk: str, values: dict[str, Any], now: Any,
            seal: Callable[[str, str], str]) -> list[Any]:
        """One row. ``pk`` is the key in canonical UUID text (what the row context holds);
        ``seal`` is the live keyring's ``sealer()``."""
        out: list[Any] = [now] * self.width  # every column not set below is a timestamp
        out[self.pk_at] = pk if self.native_uuid else pk.replace("-", "")
        get = values.get
        for i, attname, to_plain, empty, prefix in self.sealed:
            value = get(attname)
            if value is None:
                out[i] = empty
            elif to_plain is None and type(value) is str:
                out[i] = seal(value, prefix + pk) if value else ""
            elif isinstance(value, Sealed):
                out[i] = value
            else:
                text = to_plain(value) if to_plain is not None else str(value)
                out[i] = seal(text, prefix + pk) if text else ""
        for i, attname, default, convert in self.values:
            value = get(attname, default)
            if value is _NO_DEFAULT:
                raise ValueError(f"{self.table}.{attname} has no value and no default")
            out[i] = value if convert is None or value is None else convert(value)
        return out


def db_key(value: uuid.UUID) -> str:
    """A UUID as a key column takes it: PostgreSQL parses the text, SQLite keeps 32 hex
    digits."""
    return str(value) if connection.features.has_native_uuid_field else value.hex


def _db_key_text(text: str) -> str:
    """``db_key`` of a UUID given as canonical text."""
    return text if connection.features.has_native_uuid_field else text.replace("-", "")


def _uuid_value() -> Callable[[Any], Any]:
    return lambda value: db_key(value) if isinstance(value, uuid.UUID) else value


def _codes(field: MultiCodeField) -> Callable[[Any], Any]:
    """``field.get_prep_value``, quicker for the usual list of codes."""
    prep = field.get_prep_value

    def convert(value: Any) -> Any:
        if type(value) is list and all(type(c) is str and "|" not in c for c in value):
            return f"|{'|'.join(value)}|" if value else ""
        return prep(value)  # anything else, and the error for a code holding "|"

    return convert


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """None when the value goes in as it is."""
    if isinstance(field, MultiCodeField):
        return _codes(field)
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
    key: str  # the case's id as canonical UUID text
    rows: dict[str, list[list[Any]]]  # table -> rows
    decided: tuple[str, str] | None  # (trafficking status, deciding organisation)

    @property
    def case_id(self) -> uuid.UUID:
        return uuid.UUID(self.key)

    @property
    def id_bytes(self) -> bytes:
        """The id as 16 bytes (how a batch of ids travels: see ``bulk.BulkWriter.add``)."""
        return bytes.fromhex(self.key.replace("-", ""))


def build(owner: Owner, item: dict[str, Any], reference: str, now: Any = None) -> NewCase:
    """The rows of one new case from cleaned data (``validation.clean_case_data``) with the
    reference reserved for it (``bulk.BulkWriter.references``)."""
    now = now if now is not None else connection.ops.adapt_datetimefield_value(timezone.now())
    seal = keyring().sealer()
    plan = plans()
    aliases = item.get("aliases", [])
    children = [(name, plan[model], item.get(name, [])) for name, model in CHILD_MODELS.items()]
    # The keys of every row of the case, made together (time-ordered, see lib.ids).
    keys = iter(uuid7_texts(2 + len(aliases) + sum(len(c) for _, _, c in children)))
    person_key, case_text = next(keys), next(keys)
    case_key, person_id = _db_key_text(case_text), _db_key_text(person_key)
    person = {k: v for k, v in item["person"].items() if k in PERSON_FIELDS}
    person["organisation_id"] = owner.organisation_id
    case = {k: item[k] for k in CASE_FIELDS if k in item}
    case.update(organisation_id=owner.organisation_id, person_id=person_id,
                owner_id=owner.user_id, created_by_id=owner.user_id,
                team_id=owner.team_id, reference=reference)
    rows: dict[str, list[list[Any]]] = {
        Person._meta.db_table: [plan[Person].row(person_key, person, now, seal)],
        Case._meta.db_table: [plan[Case].row(case_text, case, now, seal)],
    }
    alias_plan = plan[Alias]
    rows[alias_plan.table] = [alias_plan.row(next(keys), {"case_id": case_key, "name": name},
                                             now, seal) for name in aliases]
    for name, child, items in children:
        out = rows[child.table] = []
        for i, values in enumerate(items, start=1):
            values = {**values, "case_id": case_key}
            if name == "movements" and not values.get("sequence"):
                values["sequence"] = i
            out.append(child.row(next(keys), values, now, seal))
    rows[DIGEST_TABLE] = [[case_key, kind, digest, kid] for kind, digest, kid
                          in search.digest_rows(search.data_values(item), owner.region)]
    status = item.get("trafficking_status")
    return NewCase(case_text, rows,
                   (status, item.get("status_decided_by", "")) if status else None)


def tables() -> list[tuple[str, list[str]]]:
    """Every table ``build`` writes, parents before children, with its columns."""
    return [(plan(m).table, plan(m).columns)
            for m in (Person, Case, Alias, *CHILD_MODELS.values())] + [
        (DIGEST_TABLE, list(DIGEST_COLUMNS))]


def by_table(cases: list[NewCase]) -> dict[str, list[list[Any]]]:
    """The rows of many new cases, table by table."""
    return {table: [row for new in cases for row in new.rows[table]] for table, _ in tables()}
