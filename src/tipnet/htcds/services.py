"""What the rest of tipnet (API, commands, later capabilities) may do with HTCDS exchange."""

from __future__ import annotations

from typing import IO, Any

from tipnet.cases import services as case_services
from tipnet.cases.services import PermissionDenied

from . import export, importer, mapping, readers, schema
from .export import Export, ExportError
from .problems import ImportRejected, Problem
from .progress import Progress, no_progress

__all__ = ["Export", "ExportError", "FORMATS", "ImportRejected", "PermissionDenied", "Problem",
           "Progress",
           "content_type", "default_workers", "import_file", "json_schema", "start_export"]

FORMATS = readers.FORMATS
default_workers = importer.default_workers


def record_problems(record: Any) -> list[tuple[str, str]]:
    """Every problem with one HTCDS record (schema, mapping, tipnet's rules), as (HTCDS
    path, message): how a package from another deployment is checked when it arrives."""
    return importer.check_record(record, can_decide=True).problems


def case_from_record(user: Any, record: dict[str, Any], *, via: str,
                     comments_from: str = "") -> Any:
    """Create a case in the user's organisation from one HTCDS record (a referral received
    from another deployment, on acceptance), with its consents and comments. A trafficking
    status in the record is not carried over: it was the sending organisation's decision
    (it stays readable in the referral's package). Raises CaseDataError."""
    from tipnet.cases.validation import CaseDataError

    mapped = mapping.record_to_case(record)
    if mapped.errors:
        raise CaseDataError(dict(mapped.errors))
    data = {k: v for k, v in mapped.data.items()
            if k not in case_services.DECISION_FIELDS}
    case = case_services.create_case(user, data, via=via)
    importer.write_notes(user, case.pk, mapped, via, comments_from=comments_from)
    return case


def describe(record: dict[str, Any]) -> list[tuple[str, str]]:
    """A record as (label, text) lines for a page, in the mapping's order."""
    from . import standard

    m = standard.mapping()
    labels = {e.key: e.label or e.key for e in m.record}
    labels.update({g.key: g.label or g.key for g in m.objects})
    lines = []
    for key, label in labels.items():
        if key not in record:
            continue
        value = record[key]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            text = " | ".join("; ".join(f"{k}: {v}" for k, v in item.items()) for item in value)
        elif isinstance(value, list):
            text = ", ".join(map(str, value))
        else:
            text = str(value)
        lines.append((label, text))
    return lines


def json_schema() -> dict[str, Any]:
    """The JSON Schema every imported and exported record is validated against."""
    return schema.load()


def start_export(user: Any, fmt: str, *, via: str) -> Export:
    """Permission check (case.export) and audit entry now; records as they are iterated."""
    return export.start(user, fmt, via=via)


def content_type(fmt: str) -> str:
    return export.CONTENT_TYPES[fmt]


def import_file(user: Any, f: IO[bytes], *, name: str = "", fmt: str | None = None,
                via: str, progress: Progress = no_progress, workers: int = 1) -> int:
    """Import every record of a binary file, or none (ImportRejected says why).

    The format is ``fmt`` or follows from ``name``'s extension (.json, .jsonl, .csv).
    ``workers`` > 1 checks and encrypts in that many processes (command line only)."""
    try:
        fmt = readers.format_for(name, fmt)
    except readers.FileProblem as problem:
        raise ImportRejected(f"The file cannot be imported: {problem}.",
                             [Problem(None, "", str(problem))]) from None
    return importer.import_file(user, f, fmt, via=via, progress=progress, workers=workers)
