"""Create many cases at once (HTCDS imports, benchmarks): the same rows, encryption, blind
indexes and audit entries as ``services.create_case``, with one COPY per table per batch.

Rows are built by ``rows.build`` (which needs no database, so an import can build them in
worker processes); ``BulkWriter`` inserts them in the caller's transaction. The caller
validates first (``validation.clean_case_data``) and wraps a whole import in one transaction
when it must be all-or-nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.lib.bulk_sql import insert_rows

from . import rows
from .access import PermissionDenied
from .models import CaseSequence
from .services import DECISION_FIELDS, check_may_decide
from .validation import CaseDataError


class _References:
    """Case references for one bulk write: the organisation's sequence row is locked (until
    the transaction ends) by the first batch, and each batch moves it on in the database and
    reads where it stands, so that nothing else in the transaction can be handed a number
    twice."""

    def __init__(self, organisation: Any):
        self.organisation = organisation
        self.seq: CaseSequence | None = None

    def take(self, n: int) -> list[str]:
        if self.seq is None:
            self.seq, _ = CaseSequence.objects.select_for_update().get_or_create(
                organisation=self.organisation, year=timezone.now().year)
        seq = self.seq
        CaseSequence.objects.filter(pk=seq.pk).update(last=F("last") + n)
        seq.refresh_from_db(fields=["last"])
        first = seq.last - n + 1
        prefix = f"{self.organisation.case_prefix}-{seq.year}-"
        return [f"{prefix}{i:06d}" for i in range(first, first + n)]


_FOREIGN_KEYS: dict[tuple[str, ...], list[str]] = {}


def _foreign_keys(tables: tuple[str, ...]) -> list[str]:
    """The deferrable foreign keys of ``tables`` (PostgreSQL), quoted, looked up once."""
    if tables not in _FOREIGN_KEYS:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            _FOREIGN_KEYS[tables] = sorted(
                qn(name) for table in tables
                for name, info in connection.introspection.get_constraints(cursor, table).items()
                if info["foreign_key"])
    return _FOREIGN_KEYS[tables]


def _text(id_bytes: bytes | bytearray) -> str:
    """16 bytes of a case id as its canonical text (``str`` of the UUID)."""
    h = id_bytes.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True)
class Created:
    pk: uuid.UUID
    reference: str


class BulkWriter:
    """Inserts built cases for ``user``, in the caller's transaction.

    ``references`` reserves case references (before the cases are built, so that workers can
    build finished rows); ``add`` inserts a batch: rows per table, or their COPY text on
    PostgreSQL (``lib.bulk_sql.copy_text``), with the batch's case ids as 16 bytes each.
    ``finish`` appends the audit entries, one per case and one per decided trafficking
    status, at the end: the audit chain is locked only while they are written, not for the
    whole of a long import. Case ids wait until then as 16 bytes each."""

    def __init__(self, user: Any, *, via: str, audit_action: str = "create"):
        if not user.can("case.create") or not user.can("case.import"):
            raise PermissionDenied("case.import")
        self.user, self.via, self.audit_action = user, via, audit_action
        self.owner = rows.Owner.of(user)
        self.tables = rows.tables()
        self._ids = bytearray()
        self._decided: list[tuple[bytes, str, str]] = []
        self.count = 0
        self._immediate = False
        self._references = _References(user.organisation)

    def references(self, n: int) -> list[str]:
        return self._references.take(n) if n else []

    def add(self, ids: bytes, decided: list[tuple[bytes, str, str]],
            tables: dict[str, Any]) -> None:
        """Insert a batch: ``ids`` the cases' ids, 16 bytes each (``rows.NewCase.id_bytes``),
        ``decided`` as (id bytes, trafficking status, deciding organisation) for the cases
        with a decision, ``tables`` the rows of every table of ``rows.tables()``."""
        if len(ids) % 16:
            raise ValueError("case ids come as 16 bytes each")
        check_may_decide(self.user, bool(decided))
        if not self._immediate and connection.vendor == "postgresql":
            # The foreign keys of these tables are checked as each batch goes in, not all at
            # COMMIT: an import's workers are still computing then, while at COMMIT nothing
            # else would run. Only these (the caller's other deferred checks stay deferred),
            # only for this transaction or savepoint; ``finish`` defers them again.
            self._set_constraints("IMMEDIATE")
            self._immediate = True
        self._ids += ids
        self._decided += decided
        for table, columns in self.tables:
            insert_rows(connection, table, columns, tables[table])
        self.count += len(ids) // 16

    def _set_constraints(self, mode: str) -> None:
        names = _foreign_keys(tuple(table for table, _ in self.tables))
        if names:
            with connection.cursor() as cursor:
                cursor.execute(f"SET CONSTRAINTS {', '.join(names)} {mode}")

    def case_ids(self) -> Iterator[str]:
        """The ids of the cases added, as text (``str`` of their UUID)."""
        ids = self._ids
        for i in range(0, len(ids), 16):
            yield _text(ids[i:i + 16])

    def finish(self) -> None:
        if self._immediate:  # as Django makes them: DEFERRABLE INITIALLY DEFERRED
            self._set_constraints("DEFERRED")
            self._immediate = False
        audit.record_many(self.audit_action, user=self.user, object_type="cases.case",
                          object_ids=self.case_ids(), organisation_id=self.owner.organisation_id,
                          via=self.via)
        # Decisions in bulk too, one run of entries per decision: the same entries as
        # services.audit_decision writes one by one, without locking the chain once per case.
        runs: dict[tuple[str, str], list[str]] = {}
        for case_id, status, decided_by in self._decided:
            runs.setdefault((status, decided_by), []).append(_text(case_id))
        for (status, decided_by), ids in runs.items():
            audit.record_many("decision", user=self.user, object_type="cases.case",
                              object_ids=ids, organisation_id=self.owner.organisation_id,
                              via=self.via,
                              detail={"trafficking_status": status, "decided_by": decided_by})


def create_many(user, cleaned_items: list[dict[str, Any]], *, via: str = "import",  # type: ignore[no-untyped-def]
                audit_action: str = "create") -> list[Created]:
    """Create one case per cleaned item in the user's organisation."""
    writer = BulkWriter(user, via=via, audit_action=audit_action)
    check_may_decide(user, any(item.get(f) for item in cleaned_items for f in DECISION_FIELDS))
    if any(item.get("team_id") for item in cleaned_items):
        raise CaseDataError({"team_id": "cases created in bulk go to the creating user's team"})
    with transaction.atomic():
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        references = writer.references(len(cleaned_items))
        built = [rows.build(writer.owner, item, ref, now)
                 for item, ref in zip(cleaned_items, references, strict=True)]
        writer.add(b"".join(new.id_bytes for new in built),
                   [(new.id_bytes, *new.decided) for new in built if new.decided],
                   rows.by_table(built))
        writer.finish()
    return [Created(new.case_id, ref) for new, ref in zip(built, references, strict=True)]
