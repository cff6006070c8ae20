"""Helpers for migrations that move existing values into encrypted columns.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import datetime as dt
import uuid

from .fields import row_context
from .keys import keyring


def encrypt_existing(table: str, label: str, columns: list[str]):  # type: ignore[no-untyped-def]
    """A RunPython function sealing the clear values left in ``columns`` of ``table`` (after
    an AlterField turned them into encrypted text). ``label`` is the model's label_lower, which
    the encrypted field binds its ciphertexts to. Already-sealed values are left alone."""

    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        connection = schema_editor.connection
        qn = connection.ops.quote_name
        ring = keyring()
        cols = ", ".join(qn(c) for c in columns)
        select = f"SELECT id, {cols} FROM {qn(table)} WHERE id > %s ORDER BY id LIMIT 2000"  # noqa: S608
        first = f"SELECT id, {cols} FROM {qn(table)} ORDER BY id LIMIT 2000"  # noqa: S608
        update = (f"UPDATE {qn(table)} SET "  # noqa: S608
                  f"{', '.join(f'{qn(c)} = %s' for c in columns)} WHERE id = %s")
        last = None
        while True:  # in batches by key, so a large table never sits in memory whole
            with connection.cursor() as cursor:
                cursor.execute(first if last is None else select, [] if last is None else [last])
                rows = cursor.fetchall()
            if not rows:
                return
            updates = [u for u in (_sealed(row, columns, label, ring) for row in rows) if u]
            if updates:
                with connection.cursor() as cursor:
                    cursor.executemany(update, updates)
            last = rows[-1][0]

    return run


def _sealed(row, columns, label, ring):  # type: ignore[no-untyped-def]
    values, changed = [], False
    for column, value in zip(columns, row[1:], strict=True):
        if value in (None, "") or str(value).startswith("tn1:"):
            values.append(value)
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        values.append(ring.encrypt(str(value), row_context(label, column,
                                                           uuid.UUID(str(row[0])))))
        changed = True
    return [*values, row[0]] if changed else None
