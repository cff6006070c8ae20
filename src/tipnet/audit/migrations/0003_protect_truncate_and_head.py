"""Close two ways around the append-only audit log at the database:

* TRUNCATE does not fire row triggers: on PostgreSQL a statement trigger refuses it.
* The chain head (last seq and MAC) may only move forward, and cannot be deleted: otherwise
  someone could cut the end of the log and set the head back to match. (verify_audit also
  compares the head with the last entry.)
"""

from django.db import migrations

from tipnet.audit.triggers import TriggerSet

PG = """
CREATE TRIGGER audit_entry_no_truncate
  BEFORE TRUNCATE ON audit_auditentry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN
    RAISE EXCEPTION 'the audit chain head only moves forward';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_forward_only
  BEFORE UPDATE OR DELETE ON audit_chainhead
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate
  BEFORE TRUNCATE ON audit_chainhead
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_chainhead;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_chainhead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
"""
SQLITE = [
    """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead
       WHEN NEW.seq < OLD.seq
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_head_forward_only;",
               "DROP TRIGGER IF EXISTS audit_head_no_delete;"]


HEAD_AND_TRUNCATE = TriggerSet(PG, PG_DROP, tuple(SQLITE), tuple(SQLITE_DROP))


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(HEAD_AND_TRUNCATE.forwards, HEAD_AND_TRUNCATE.backwards)]
