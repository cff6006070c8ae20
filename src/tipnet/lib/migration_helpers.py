"""Helpers for migrations that move existing values into encrypted columns.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import datetime as dt

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
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {cols} FROM {qn(table)}")  # noqa: S608
            rows = cursor.fetchall()
        updates = []
        for row in rows:
            values = []
            changed = False
            for column, value in zip(columns, row[1:], strict=True):
                if value in (None, "") or str(value).startswith("tn1:"):
                    values.append(value)
                    continue
                if isinstance(value, dt.date):
                    value = value.isoformat()
                values.append(ring.encrypt(str(value), f"{label}.{column}"))
                changed = True
            if changed:
                updates.append([*values, row[0]])
        if updates:
            sets = ", ".join(f"{qn(c)} = %s" for c in columns)
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {qn(table)} SET {sets} WHERE id = %s",  # noqa: S608
                                   updates)

    return run
