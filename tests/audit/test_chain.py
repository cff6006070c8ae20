import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tipnet.audit import services as audit
from tipnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(n):
    for i in range(n):
        audit.record("view", object_type="cases.case", object_id=f"id-{i}", detail={"i": i})


def _raw(sql, params):
    """Tamper as an attacker with database access would: around the app and its triggers."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cur.execute(sql, params)
            cur.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
        else:
            cur.execute("DROP TRIGGER audit_entry_no_update")
            cur.execute("DROP TRIGGER audit_entry_no_delete")
            cur.execute(sql, params)


def test_intact_chain_verifies(capsys):
    _entries(5)
    call_command("verify_audit")
    assert "5 entries verified" in capsys.readouterr().out


def test_altered_entry_is_named():
    _entries(5)
    _raw("UPDATE audit_auditentry SET object_id = %s WHERE seq = 3", ["someone-else"])
    with pytest.raises(CommandError, match=r"entry #3: content altered"):
        call_command("verify_audit")


def test_deleted_entry_is_named():
    _entries(5)
    _raw("DELETE FROM audit_auditentry WHERE seq = 2", [])
    with pytest.raises(CommandError, match=r"entry #2: missing"):
        call_command("verify_audit")


def test_deleted_last_entry_is_named():
    _entries(4)
    _raw("DELETE FROM audit_auditentry WHERE seq = 4", [])
    with pytest.raises(CommandError, match=r"entry #4: missing"):
        call_command("verify_audit")


def test_rewritten_entry_with_recomputed_hash_is_caught():
    """Someone who rewrites an entry and recomputes its hash without TIPNET_AUDIT_KEY (which is
    not in the database) is still caught."""
    import hashlib
    import hmac
    import json

    from tipnet.audit.chain import mac_fields

    _entries(3)
    entry = AuditEntry.objects.get(seq=2)
    entry.object_id = "forged"
    body = json.dumps(mac_fields(entry), sort_keys=True, separators=(",", ":"), default=str)
    forged = hmac.new(b"attacker-guess", f"{entry.prev_mac}\n{body}".encode(),
                      hashlib.sha256).hexdigest()
    _raw("UPDATE audit_auditentry SET object_id = %s, mac = %s WHERE seq = 2", ["forged", forged])
    with pytest.raises(CommandError, match=r"entry #2: content altered"):
        call_command("verify_audit")


def test_app_cannot_edit_or_delete_entries():
    _entries(1)
    entry = AuditEntry.objects.get()
    entry.action = "login"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="x")


def test_database_refuses_update_and_delete():
    _entries(1)
    for sql in ("UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(sql)
    assert AuditEntry.objects.count() == 1


def test_unknown_action_is_refused():
    with pytest.raises(ValueError):
        audit.record("peek")


def test_admin_is_read_only(admin_client):
    _entries(1)
    entry = AuditEntry.objects.get(action="view")
    response = admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_cut_off_end_with_head_set_back_is_refused_or_caught():
    """Cutting the end of the log and setting the head back to match is refused by the
    database; done around the triggers, verify_audit still names the gap."""
    from tipnet.audit.models import ChainHead

    _entries(5)
    kept = AuditEntry.objects.get(seq=3)
    with pytest.raises(DatabaseError, match="only moves forward"):
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("UPDATE audit_chainhead SET seq = 3, mac = %s", [kept.mac])
    assert ChainHead.objects.get().seq == 5
    _raw("DELETE FROM audit_auditentry WHERE seq > 3", [])
    with pytest.raises(CommandError, match=r"entry #4: missing"):
        call_command("verify_audit")


def test_head_mac_must_match_the_last_entry():
    _entries(3)
    _raw("UPDATE audit_auditentry SET mac = prev_mac WHERE seq = 99", [])  # no-op, drops triggers
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_chainhead SET mac = %s", ["f" * 64])
    with pytest.raises(CommandError, match=r"entry #3: does not match the chain head"):
        call_command("verify_audit")
