"""What the rest of tipnet (API, commands, later capabilities) may do with HTCDS exchange."""

from __future__ import annotations

from typing import IO, Any

from tipnet.cases.services import PermissionDenied

from . import export, importer, readers, schema
from .export import Export, ExportError
from .problems import ImportRejected, Problem
from .progress import Progress, no_progress

__all__ = ["Export", "ExportError", "FORMATS", "ImportRejected", "PermissionDenied", "Problem",
           "Progress",
           "content_type", "default_workers", "import_file", "json_schema", "start_export"]

FORMATS = readers.FORMATS
default_workers = importer.default_workers


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
