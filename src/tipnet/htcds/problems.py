"""What is wrong with an import: one ``Problem`` per field of a bad row (or the file)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    row: int | None  # 1 = the first record; None: the file as a whole
    field: str  # HTCDS path in the record ("hte_Events.0.hte_Country"), "" for the record
    message: str
    line: int | None = None  # CSV and JSON Lines: the line the row starts on

    def __str__(self) -> str:
        where = "file" if self.row is None else f"row {self.row}"
        if self.line is not None:
            where += f" (line {self.line})"
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class ImportRejected(Exception):
    """Nothing was imported; ``problems`` says why, row by row."""

    def __init__(self, detail: str, problems: list[Problem], *, unlisted: int = 0):
        self.detail = detail
        self.problems = problems
        self.unlisted = unlisted  # problems found beyond the listing limit
        super().__init__(detail)

    def as_dict(self) -> dict[str, Any]:
        return {"detail": self.detail, "errors": [asdict(p) for p in self.problems],
                "unlisted": self.unlisted}
