"""On PostgreSQL, refuse UPDATE and DELETE on audit entries in the database itself, so that
not even a bug or a shell in the application can rewrite history. (SQLite gets the same from a
trigger too.) Appending stays allowed."""

from django.db import migrations

from tipnet.audit.triggers import TriggerSet

PG = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only
  BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""
SQLITE = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    """CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_entry_no_update;",
               "DROP TRIGGER IF EXISTS audit_entry_no_delete;"]


APPEND_ONLY = TriggerSet(PG, PG_DROP, tuple(SQLITE), tuple(SQLITE_DROP))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(APPEND_ONLY.forwards, APPEND_ONLY.backwards)]
