"""Insert many rows fast: COPY on PostgreSQL, executemany elsewhere.

Values must already be database values (sealed, adapted). Table and column names come from
model metadata, never from input. Leaf module: imports no tipnet app.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def insert_rows(connection: Any, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]], chunk: int = 1000) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(rows), chunk):
            cursor.executemany(sql, rows[start:start + chunk])
