"""Read HTCDS records from a file one at a time, never the whole file into memory.

JSON is an array of records parsed incrementally with ijson; JSON Lines is one record per
line; CSV is read with the csv module (see csv_layout for the columns). A file that cannot be
read at all (empty, not UTF-8, not JSON, cut short, unknown CSV columns) raises ``FileProblem``;
a problem confined to one record (a JSON Lines line that is not JSON, a CSV row with too many
cells) comes back with that row so that every bad row can be reported.

Reading is split in two so that the costly half can run in worker processes: ``records``
splits the file into rows (CSV cells, JSON Lines text, JSON records), ``decode`` turns a row
into its record.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

import ijson

from . import csv_layout

FORMATS = ("json", "jsonl", "csv")
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
BOM = b"\xef\xbb\xbf"
MAX_CSV_CELL = 16 * 1024 * 1024  # a cell holds every comment of a case, say


class FileProblem(Exception):
    """The file as a whole cannot be read; nothing in it can be imported."""


@dataclass
class Row:
    number: int  # 1 = the first record (in a CSV, the line after the header)
    record: Any  # None until ``decode`` (CSV, JSON Lines)
    problems: list[tuple[str, str]] = field(default_factory=list)
    line: int | None = None  # CSV: the line the row starts on; JSON Lines: its line
    raw: Any = None  # CSV: (header, cells); JSON Lines: the line's text


def decode(row: Row) -> Row:
    """The row with its record (or the problem that keeps it from having one)."""
    if row.raw is None or row.problems:
        return row
    kind, raw = row.raw
    row.raw = None
    if kind == "csv":
        names, cells = raw
        row.record = csv_layout.cells_to_record(names, cells)
        return row
    try:
        row.record = json.loads(raw)
    except json.JSONDecodeError as error:
        row.problems.append(("", f"line {row.line} is not valid JSON: {error.msg}"))
    except RecursionError:
        row.problems.append(("", f"line {row.line} nests too deeply to be a record"))
    return row


def format_for(name: str, given: str | None = None) -> str:
    if given:
        if given not in FORMATS:
            raise FileProblem(f"unknown format {given!r}; use one of {', '.join(FORMATS)}")
        return given
    fmt = EXTENSIONS.get(PurePath(name or "").suffix.lower())
    if fmt is None:
        raise FileProblem("cannot tell the format from the file name; name it .json, .jsonl "
                          "or .csv, or give the format")
    return fmt


def _start(f: IO[bytes]) -> bytes:
    """Position the file after any UTF-8 byte order mark; return its first non-blank byte."""
    f.seek(0)
    head = f.read(len(BOM))
    if head != BOM:
        f.seek(0)
    start = f.tell()
    while chunk := f.read(65536):
        stripped = chunk.lstrip()
        if stripped:
            f.seek(start)
            return stripped[:1]
    raise FileProblem("the file is empty")


class Pass:
    """One pass over a file: its rows (not decoded), and how far into the file it is."""

    def __init__(self, f: IO[bytes], fmt: str):
        self.stream = io.BufferedReader(_Unclosing(f), buffer_size=256 * 1024)
        self.fmt = fmt

    def __iter__(self) -> Iterator[Row]:
        return records(self.stream, self.fmt)

    def position(self) -> int:
        return self.stream.tell()


class _Unclosing(io.RawIOBase):
    """The file, read through a buffer that may be dropped without closing the file."""

    def __init__(self, f: IO[bytes]):
        self.f = f

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.f.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.f.seek(offset, whence)

    def tell(self) -> int:
        return self.f.tell()

    def close(self) -> None:
        pass


def records(f: IO[bytes], fmt: str) -> Iterator[Row]:
    first = _start(f)
    if fmt == "json":
        return _json(f, first)
    if fmt == "jsonl":
        return _jsonl(f)
    return _csv(f)


def _ijson_reason(error: Exception) -> str:
    text = str(error)
    if text.startswith(("b'", 'b"')):
        text = text[2:]
    reason = text.split("\\n")[0].split("\n")[0].strip()
    if "premature EOF" in reason:
        return "it ends too early (is it cut short?)"
    if "trailing garbage" in reason:
        return "there is more after the closing ]"
    if "UTF8" in reason or "UTF-8" in reason:
        return "it is not UTF-8 text"
    return reason or "it is malformed"


MAX_DEPTH = 16  # an HTCDS record nests 3 levels deep; anything far deeper is not one


def _depth_limited(events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
    """Refuse absurd nesting before it costs memory (ijson's paths grow with the depth)."""
    depth = 0
    for prefix, event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise FileProblem(f"it nests deeper than {MAX_DEPTH} levels, which no HTCDS "
                                  "record does")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield prefix, event, value


def _json(f: IO[bytes], first: bytes) -> Iterator[Row]:
    if first != b"[":
        raise FileProblem("a JSON import must be an array of records: [{...}, {...}]")
    number = 0
    try:
        # A small buffer bounds what the parser builds before the depth check sees it.
        events = _depth_limited(ijson.parse(f, use_float=True, buf_size=4096))
        for number, record in enumerate(ijson.items(events, "item"), start=1):
            yield Row(number, record)
    except ijson.JSONError as error:
        raise FileProblem(f"the file is not valid JSON after record {number}: "
                          f"{_ijson_reason(error)}") from None


def _jsonl(f: IO[bytes]) -> Iterator[Row]:
    number = 0
    for line_no, line in enumerate(f, start=1):
        if not line.strip():
            continue
        number += 1
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(f"line {line_no} is not UTF-8 text") from None
        yield Row(number, None, line=line_no, raw=("jsonl", text))


def _check_header(names: list[str]) -> None:
    known = set(csv_layout.header())
    unknown = [n for n in names if n not in known]
    if unknown:
        shown = ", ".join(repr(n[:40]) for n in unknown[:20])
        raise FileProblem(f"the CSV has columns tipnet does not know: {shown} (the columns are "
                          "the HTCDS field names of the schema)")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise FileProblem(f"the CSV repeats columns: {', '.join(duplicates)}")


def _csv(f: IO[bytes]) -> Iterator[Row]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_CELL))
    text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)  # a stray quote is an error, not data
    try:
        names = [n.strip() for n in next(reader, [])]
        _check_header(names)
        number = 0
        while True:
            start = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(c.strip() for c in cells):
                continue  # a blank line, or a spreadsheet's empty row
            number += 1
            if len(cells) > len(names):
                yield Row(number, None, [("", f"has {len(cells)} cells but the header has "
                                              f"{len(names)} columns")], start)
                continue
            yield Row(number, None, line=start, raw=("csv", (names, cells)))
    except UnicodeDecodeError:
        raise FileProblem(f"the file is not UTF-8 text (near line {reader.line_num + 1}); "
                          "save it as CSV UTF-8") from None
    except csv.Error as error:
        raise FileProblem(f"the CSV is malformed at line {reader.line_num}: {error}") from None
    finally:
        text.detach()  # leave the file open for the second pass
