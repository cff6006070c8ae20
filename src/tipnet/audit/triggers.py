"""Database triggers that keep the audit log append-only, for migrations to install.

Each set is SQL for PostgreSQL and statements for SQLite, with their reverse; tests that must
empty the tables (transactional tests) switch them off and on through the same lists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TriggerSet:
    pg: str
    pg_drop: str
    sqlite: tuple[str, ...]
    sqlite_drop: tuple[str, ...]

    def forwards(self, apps, schema_editor):  # type: ignore[no-untyped-def]
        self._run(schema_editor, self.pg, self.sqlite)

    def backwards(self, apps, schema_editor):  # type: ignore[no-untyped-def]
        self._run(schema_editor, self.pg_drop, self.sqlite_drop)

    def reinstall_on_sqlite(self, apps, schema_editor):  # type: ignore[no-untyped-def]
        """SQLite rebuilds a table to alter it, and its triggers go with the old one: a
        migration that alters the audit table must put them back."""
        if schema_editor.connection.vendor == "sqlite":
            for statement in (*self.sqlite_drop, *self.sqlite):
                schema_editor.execute(statement)

    @staticmethod
    def _run(schema_editor, pg: str, sqlite: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(pg)
        elif vendor == "sqlite":
            for statement in sqlite:
                schema_editor.execute(statement)
