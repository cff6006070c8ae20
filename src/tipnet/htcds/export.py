"""Export the cases of the user's organisation that the user may see, as HTCDS records.

Cases are read in chunks (``QuerySet.iterator`` with prefetching per chunk), mapped, checked
against the JSON Schema, and written out as text chunks, so neither the table nor the output is
ever held whole in memory. JSON is one top-level array; JSON Lines one record per line; CSV one
row per case (see csv_layout). Other organisations' cases never appear, even where a grant
(e.g. a referral) lets the user see them: an export is the organisation's own data.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tipnet.audit import services as audit
from tipnet.cases import services as case_services

from . import csv_layout, mapping, schema

CHUNK = 500
CONTENT_TYPES = {"json": "application/json", "jsonl": "application/x-ndjson",
                 "csv": "text/csv"}


class ExportError(Exception):
    """A case does not fit the schema; the export stops rather than write a bad record."""


@dataclass
class Export:
    format: str
    count: int
    records: Iterator[dict[str, Any]]

    def chunks(self) -> Iterator[str]:
        return render(self.records, self.format)


def cases_for(user: Any) -> Any:
    visible = case_services.visible_cases(user).filter(organisation_id=user.organisation_id)
    return (case_services.case_detail_queryset().filter(pk__in=visible.values("pk"))
            .order_by("created_at", "reference"))


def records(queryset: Any, user: Any = None, via: str = "") -> Iterator[dict[str, Any]]:
    """The records, one case at a time; each case's export lands in its access log."""
    pending: list[Any] = []
    for case in queryset.iterator(chunk_size=CHUNK):
        if user is not None:
            pending.append(case.pk)
            if len(pending) >= CHUNK:
                _audit_cases(user, pending, via)
                pending = []
        record = mapping.case_to_record(case)
        problems = schema.errors(record)
        if problems:
            shown = "; ".join(f"{p}: {m}" for p, m in problems[:5])
            raise ExportError(f"case {case.reference} does not fit the HTCDS schema ({shown})")
        yield record
    if user is not None:
        _audit_cases(user, pending, via)


def _audit_cases(user: Any, case_ids: list[Any], via: str) -> None:
    audit.record_many("export", user=user, object_type="cases.case", object_ids=case_ids,
                      organisation_id=user.organisation_id, via=via)


def start(user: Any, fmt: str, *, via: str) -> Export:
    """Check the permission, audit the export with its count, and return the records."""
    if not user.can("case.export"):
        case_services.deny(user, "case.export", via=via)
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    queryset = cases_for(user)
    count = queryset.count()
    audit.record("export", user=user, object_type="cases.case", via=via,
                 detail={"format": fmt, "records": count})
    return Export(fmt, count, records(queryset, user, via))


class _Line:
    """A file-like object whose write returns the text (for csv.writer)."""

    def write(self, text: str) -> str:
        return text


def render(items: Iterable[dict[str, Any]], fmt: str) -> Iterator[str]:
    if fmt == "csv":
        writer = csv.writer(_Line())
        yield writer.writerow(csv_layout.header())
        for record in items:
            yield writer.writerow(csv_layout.record_to_row(record))
    elif fmt == "jsonl":
        for record in items:
            yield json.dumps(record, ensure_ascii=False) + "\n"
    else:
        separator = "[\n"
        for record in items:
            yield separator + json.dumps(record, ensure_ascii=False)
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"
