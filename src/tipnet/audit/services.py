"""Record audit entries. The only way into the audit log for the rest of tipnet."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tipnet.lib.bulk_sql import insert_rows

from .chain import entry_mac, mac_fields, verify
from .models import AuditEntry, ChainHead

ACTIONS = {
    "view", "list", "search", "create", "update", "delete", "restore", "erase", "export",
    "import", "download", "login", "login_failed", "logout", "locked_out", "denied",
    "mfa_enrolled", "mfa_failed", "token_issued", "token_revoked", "token_rejected",
    "key_rotation", "decision", "admin_change",
}


def record(
    action: str,
    *,
    user: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    organisation_id: int | None = None,
    via: str = "web",
    detail: dict | None = None,
    subject_id: Any = "",
) -> AuditEntry:
    """Append one entry to the chain. Never put personal data in ``detail``.

    ``subject_id`` is the record whose access log shows the entry: by default the object
    itself, or the case named in ``detail["case"]`` for a part of a case."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if organisation_id is None:
            organisation_id = getattr(obj, "organisation_id", None)
    user_id = getattr(user, "pk", None) if user is not None else None
    username = getattr(user, "username", "") if user is not None else ""
    if organisation_id is None and user is not None:
        organisation_id = getattr(user, "organisation_id", None)
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            action=action,
            user_id=user_id,
            username=username or "",
            organisation_id=organisation_id,
            object_type=object_type,
            object_id=str(object_id or ""),
            subject_id=str(subject_id or (detail or {}).get("case") or object_id or ""),
            via=via,
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_mac=head.mac,
        )
        entry.mac = entry_mac(head.mac, mac_fields(entry))
        entry.save()
        ChainHead.objects.filter(id=1).update(seq=entry.seq, mac=entry.mac)
    return entry


def record_many(action: str, *, user: Any, object_type: str, object_ids: list[Any],
                organisation_id: int | None, via: str, detail: dict | None = None) -> int:
    """Append one entry per object in a single locked step (bulk imports)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if not object_ids:
        return 0
    payload = json.loads(json.dumps(detail or {}, default=str))
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        prev, seq, now, entries = head.mac, head.seq, timezone.now(), []
        for object_id in object_ids:
            seq += 1
            entry = AuditEntry(seq=seq, at=now, action=action, user_id=getattr(user, "pk", None),
                               username=getattr(user, "username", "") or "",
                               organisation_id=organisation_id, object_type=object_type,
                               object_id=str(object_id), subject_id=str(object_id), via=via,
                               detail=payload, prev_mac=prev)
            entry.mac = entry_mac(prev, mac_fields(entry))
            prev = entry.mac
            entries.append(entry)
        columns = ["seq", "at", "action", "user_id", "username", "organisation_id",
                   "object_type", "object_id", "subject_id", "via", "detail", "prev_mac", "mac"]
        at = connection.ops.adapt_datetimefield_value(now)
        detail_text = json.dumps(payload)
        insert_rows(connection, AuditEntry._meta.db_table, columns,
                    [[e.seq, at, e.action, e.user_id, e.username, e.organisation_id,
                      e.object_type, e.object_id, e.subject_id, e.via, detail_text, e.prev_mac,
                      e.mac] for e in entries])
        ChainHead.objects.filter(id=1).update(seq=seq, mac=prev)
    return len(entries)


def verify_chain():  # type: ignore[no-untyped-def]
    head = ChainHead.objects.filter(id=1).first()
    return verify(AuditEntry.objects.order_by("seq").iterator(chunk_size=2000),
                  head_seq=head.seq if head else None, head_mac=head.mac if head else None)


def entries_for(object_type: str, object_ids: list[str]):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(object_type=object_type, object_id__in=object_ids)
