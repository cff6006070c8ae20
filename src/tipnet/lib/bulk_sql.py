"""Insert many rows fast: COPY on PostgreSQL, executemany elsewhere.

Values must already be database values (sealed, adapted). Rows may also come already in
PostgreSQL's COPY text format (``copy_text``), which worker processes produce so that the
process holding the connection only streams bytes. Table and column names come from model
metadata, never from input. Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import Any


class NoCopyText(RuntimeError):
    """A value of a type COPY text has no form for: a programming error, never bad input
    (cleaned data holds only the types below), so not a ValueError or TypeError that an
    import would report against one record."""


_SPECIAL = re.compile(r"[\\\n\r\t]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def copy_value(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    return _copy_value(value)


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text values cannot hold NUL characters")
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float | uuid.UUID):
        return str(value)
    if isinstance(value, dt.date):  # and datetime: ISO 8601, with the offset if aware
        return value.isoformat()
    raise NoCopyText(f"no COPY text for a {type(value).__name__}")


def _iso(value: dt.date) -> str:
    return value.isoformat()


def _null(value: None) -> str:
    return "\\N"


# The usual types, looked up by exact type (subclasses take the slow path).
_FAST = {str: str, int: str, uuid.UUID: str, type(None): _null, dt.date: _iso,
         dt.datetime: _iso, bool: lambda value: "t" if value else "f"}


def copy_line(row: Sequence[Any]) -> str:
    """One row in PostgreSQL's COPY text format: tab-separated, \\N for NULL, escaped."""
    fast = _FAST.get
    values = [v if type(v) is str else fast(type(v), _copy_value)(v) for v in row]
    line = "\t".join(values)
    # The common case, checked over the whole line at once: nothing to escape in any value
    # (the only backslashes are those of the NULLs, the only tabs the separators).
    if line.count("\t") != len(values) - 1 or line.count("\\") != row.count(None) \
            or "\n" in line or "\r" in line or "\x00" in line:
        line = "\t".join(map(_copy_value, row))
    return line + "\n"


def copy_text(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows in PostgreSQL's COPY text format."""
    return "".join(map(copy_line, rows)).encode("utf-8")


def insert_rows(connection: Any, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]] | bytes, chunk: int = 1000) -> None:
    """Insert ``rows``: a sequence of rows, or (PostgreSQL only) their ``copy_text``."""
    if not rows:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                if isinstance(rows, bytes):
                    copy.write(rows)
                else:
                    for row in rows:
                        copy.write_row(row)
            return
        if isinstance(rows, bytes):
            raise TypeError("COPY text can only go to PostgreSQL")
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(rows), chunk):
            cursor.executemany(sql, rows[start:start + chunk])
