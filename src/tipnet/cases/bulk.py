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
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.lib.bulk_sql import insert_rows

from . import rows
from .access import PermissionDenied
from .models import CaseSequence
from .services import DECISION_FIELDS, check_may_decide
from .validation import CaseDataError


def _reserve_references(organisation, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    year = timezone.now().year
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(
        organisation=organisation, year=year)
    first = seq.last + 1
    seq.last += n
    seq.save(update_fields=["last"])
    return [f"{organisation.case_prefix}-{year}-{i:06d}" for i in range(first, first + n)]


@dataclass(frozen=True)
class Created:
    pk: uuid.UUID
    reference: str


class BulkWriter:
    """Inserts built cases for ``user``, in the caller's transaction.

    ``references`` reserves case references (before the cases are built, so that workers can
    build finished rows); ``add`` inserts a batch: rows per table, or their COPY text on
    PostgreSQL (``lib.bulk_sql.copy_text``). ``finish`` appends the audit entries, one per
    case and one per decided trafficking status, at the end: the audit chain is locked only
    while they are written, not for the whole of a long import. Case ids wait until then as
    16 bytes each."""

    def __init__(self, user: Any, *, via: str, audit_action: str = "create"):
        if not user.can("case.create") or not user.can("case.import"):
            raise PermissionDenied("case.import")
        self.user, self.via, self.audit_action = user, via, audit_action
        self.owner = rows.Owner.of(user)
        self.tables = rows.tables()
        self._ids = bytearray()
        self._decided: list[tuple[uuid.UUID, str, str]] = []
        self.count = 0

    def references(self, n: int) -> list[str]:
        return _reserve_references(self.user.organisation, n) if n else []

    def add(self, cases: list[tuple[uuid.UUID, tuple[str, str] | None]],
            tables: dict[str, Any]) -> None:
        """Insert a batch: ``cases`` as (case id, decision or None), ``tables`` the rows of
        every table of ``rows.tables()``."""
        check_may_decide(self.user, any(decided for _, decided in cases))
        for case_id, decided in cases:
            self._ids += case_id.bytes
            if decided:
                self._decided.append((case_id, *decided))
        for table, columns in self.tables:
            insert_rows(connection, table, columns, tables[table])
        self.count += len(cases)

    def case_ids(self) -> Iterator[str]:
        """The ids of the cases added, as text (``str`` of their UUID)."""
        ids = self._ids
        for i in range(0, len(ids), 16):
            h = ids[i:i + 16].hex()
            yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def finish(self) -> None:
        audit.record_many(self.audit_action, user=self.user, object_type="cases.case",
                          object_ids=self.case_ids(), organisation_id=self.owner.organisation_id,
                          via=self.via)
        # Decisions in bulk too, one run of entries per decision: the same entries as
        # services.audit_decision writes one by one, without locking the chain once per case.
        runs: dict[tuple[str, str], list[uuid.UUID]] = {}
        for case_id, status, decided_by in self._decided:
            runs.setdefault((status, decided_by), []).append(case_id)
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
        writer.add([(new.case_id, new.decided) for new in built], rows.by_table(built))
        writer.finish()
    return [Created(new.case_id, ref) for new, ref in zip(built, references, strict=True)]
