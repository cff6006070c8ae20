"""Record audit entries. The only way into the audit log for the rest of tipnet."""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tipnet.lib.bulk_sql import copy_line, copy_value, insert_rows

from .chain import bodies_of_series, entry_mac, fields_for_mac, mac_fields, mac_function, verify
from .models import AuditEntry, ChainHead

ACTIONS = {
    "view", "list", "search", "create", "update", "delete", "restore", "erase", "export",
    "import", "download", "login", "login_failed", "logout", "locked_out", "denied",
    "mfa_enrolled", "mfa_failed", "token_issued", "token_revoked", "token_rejected",
    "key_rotation", "decision", "admin_change",
    # sharing and handing over cases (tipnet.referrals, tipnet.cases)
    "assign", "transfer", "refer", "override", "accept", "decline", "complete", "revoke",
    "escalate",
    # federation: identity made; message queued, delivered, refused by the peer; received,
    # refused on receipt
    "federation_identity", "federation_sent", "federation_delivered", "federation_failed",
    "federation_received", "federation_rejected",
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
    entry = AuditEntry(
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
    )
    pending = getattr(_batch, "entries", None)
    if pending is not None:  # inside batched(): appended when the batch ends
        pending.append(entry)
    else:
        _append([entry])
    return entry


def _append(entries: list[AuditEntry]) -> None:
    """Chain ``entries`` after the head and store them, locking and moving the head once."""
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        seq, prev = head.seq, head.mac
        for entry in entries:
            seq += 1
            entry.seq, entry.prev_mac = seq, prev
            entry.mac = prev = entry_mac(prev, mac_fields(entry))
        AuditEntry.objects.bulk_create(entries, batch_size=1000)
        ChainHead.objects.filter(id=1).update(seq=seq, mac=prev)


_batch = threading.local()


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Entries recorded inside are appended together when the block ends without error (in
    the caller's transaction): the chain's head is locked and moved once, not once per
    entry — which, in one long transaction, gets slower with every entry. Use it for many
    entries written in one go (an import's comments and consents)."""
    if getattr(_batch, "entries", None) is not None:  # already batching: join it
        yield
        return
    _batch.entries = []
    try:
        yield
        entries = _batch.entries
    finally:
        _batch.entries = None
    if entries:
        _append(entries)


def denied(user: Any, wanted: str, *, via: str, obj: Any = None, object_type: str = "",
           **detail: Any) -> AuditEntry:
    """A refusal because the user's role lacks ``wanted``: every app writes it this way."""
    return record("denied", user=user, obj=obj, object_type=object_type, via=via,
                  detail={"wanted": wanted, "reason": "role", **detail})


BULK_CHUNK = 5000  # entries per INSERT/COPY in record_many


def record_many(action: str, *, user: Any, object_type: str, object_ids: Iterable[Any],
                organisation_id: int | None, via: str, detail: dict | None = None) -> int:
    """Append one entry per object in a single locked step (bulk imports). ``object_ids``
    may be any iterable (a generator over a million ids): entries go in by chunks."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    payload = json.loads(json.dumps(detail or {}, default=str))
    detail_text = json.dumps(payload)
    columns = ["seq", "at", "action", "user_id", "username", "organisation_id",
               "object_type", "object_id", "subject_id", "via", "detail", "prev_mac", "mac"]
    user_id = getattr(user, "pk", None)
    username = getattr(user, "username", "") or ""
    ids = (_nonempty(i) for i in object_ids)
    count = 0
    now = timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    series_body = bodies_of_series(fields_for_mac(
        seq=0, at=now, action=action, user_id=user_id, username=username,
        organisation_id=organisation_id, object_type=object_type, object_id="-", via=via,
        detail=payload, subject_id="-"))
    mac_of = mac_function()
    # On PostgreSQL, COPY takes the entries as text: every column but seq, the ids and the
    # MACs is the same in all of them, so it is turned into COPY text once.
    copy = connection.vendor == "postgresql"
    if copy:
        middle = copy_line([action, user_id, username, organisation_id, object_type])[:-1]
        after = copy_line([via, detail_text])[:-1]
        at_text = copy_value(at)
    with transaction.atomic():
        head = None
        while chunk := list(itertools.islice(ids, BULK_CHUNK)):
            if head is None:
                head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
                prev, seq = head.mac, head.seq
            rows: list[Any] = []
            for object_id in chunk:
                seq += 1
                object_id = str(object_id)
                mac = mac_of(prev, series_body(seq, object_id))
                if copy:
                    quoted = copy_line([object_id])[:-1]
                    rows.append(f"{seq}\t{at_text}\t{middle}\t{quoted}\t{quoted}\t{after}\t"
                                f"{prev}\t{mac}\n")
                else:
                    rows.append([seq, at, action, user_id, username, organisation_id,
                                 object_type, object_id, object_id, via, detail_text, prev, mac])
                prev = mac
            insert_rows(connection, AuditEntry._meta.db_table, columns,
                        "".join(rows).encode("utf-8") if copy else rows)
            count += len(rows)
        if head is not None:
            ChainHead.objects.filter(id=1).update(seq=seq, mac=prev)
    return count


def _nonempty(object_id: Any) -> Any:
    if object_id is None or str(object_id) == "":
        raise ValueError("record_many needs an id for every entry")
    return object_id


def verify_chain():  # type: ignore[no-untyped-def]
    head = ChainHead.objects.filter(id=1).first()
    return verify(AuditEntry.objects.order_by("seq").iterator(chunk_size=2000),
                  head_seq=head.seq if head else None, head_mac=head.mac if head else None)


def entries_for(object_type: str, object_ids: list[str]):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(object_type=object_type, object_id__in=object_ids)
