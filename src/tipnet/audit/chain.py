"""The MAC that chains audit entries, and the check that walks the chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings

GENESIS = "0" * 64


def body(fields: dict) -> str:
    """The canonical text of an entry's fields: what its MAC covers."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def mac_of(prev_mac: str, text: str) -> str:
    key = settings.TIPNET_AUDIT_KEY.encode()
    return hmac.digest(key, f"{prev_mac}\n{text}".encode(), "sha256").hex()


def mac_function() -> Callable[[str, str], str]:
    """``mac_of`` for many entries in a row: the key is read and set up once (a copy of the
    keyed HMAC state per entry instead of keying a new HMAC). The same MACs."""
    keyed = hmac.new(settings.TIPNET_AUDIT_KEY.encode(), digestmod=hashlib.sha256)

    def mac(prev_mac: str, text: str) -> str:
        state = keyed.copy()
        state.update(f"{prev_mac}\n{text}".encode())
        return state.hexdigest()

    return mac


def entry_mac(prev_mac: str, fields: dict) -> str:
    return mac_of(prev_mac, body(fields))


_SEQ, _ID = 987_654_321_987_654_321, "\x00"
# What json.dumps (ensure_ascii, as ``body`` uses it) does with a string, without the
# encoder's set-up per call.
_quote: Callable[[str], str] = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]


def bodies_of_series(fields: dict) -> Callable[[int, str], str]:
    """For entries that differ only in seq and object id (= subject id), as written in bulk:
    a function (seq, id) -> ``body``, the same text at a fraction of the cost. ``fields`` is
    one entry's fields, any seq and id."""
    template = body({**fields, "seq": _SEQ, "object_id": _ID, "subject_id": _ID})
    a, rest = template.split(f'"object_id":{json.dumps(_ID)}')
    b, rest = rest.split(f'"seq":{_SEQ}')
    c, d = rest.split(f'"subject_id":{json.dumps(_ID)}')

    def series_body(seq: int, object_id: str) -> str:
        quoted = _quote(object_id)
        return f'{a}"object_id":{quoted}{b}"seq":{seq}{c}"subject_id":{quoted}{d}'

    return series_body


def mac_fields(entry) -> dict:  # type: ignore[no-untyped-def]
    return fields_for_mac(
        seq=entry.seq, at=entry.at, action=entry.action, user_id=entry.user_id,
        username=entry.username, organisation_id=entry.organisation_id,
        object_type=entry.object_type, object_id=entry.object_id, via=entry.via,
        detail=entry.detail, subject_id=entry.subject_id)


def fields_for_mac(*, seq: int, at, action: str, user_id: int | None, username: str,  # type: ignore[no-untyped-def]
                   organisation_id: int | None, object_type: str, object_id: str, via: str,
                   detail: dict, subject_id: str) -> dict:
    """What an entry's MAC covers: every column but the MACs."""
    fields = {
        "seq": seq,
        "at": at.isoformat(),
        "action": action,
        "user_id": user_id,
        "username": username,
        "organisation_id": organisation_id,
        "object_type": object_type,
        "object_id": object_id,
        "via": via,
        "detail": detail,
    }
    if subject_id:  # added later: covered whenever present, so it cannot be altered
        fields["subject_id"] = subject_id
    return fields


@dataclass
class ChainProblem:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.seq}: {self.reason}"


def verify(entries: Iterable, head_seq: int | None = None,  # type: ignore[type-arg]
           head_mac: str | None = None) -> ChainProblem | None:
    """Walk entries in seq order; return the first problem, or None when the chain holds.

    The head (last seq and MAC, kept apart and only ever moved forward) catches an end of the
    log cut off: without it, a shortened chain would still be a valid chain."""
    expected_seq = 1
    prev = GENESIS
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainProblem(expected_seq, f"missing (next present entry is #{entry.seq})")
        if entry.prev_mac != prev:
            return ChainProblem(entry.seq, "does not link to the entry before it")
        if not hmac.compare_digest(entry.mac, entry_mac(prev, mac_fields(entry))):
            return ChainProblem(entry.seq, "content altered (MAC does not match)")
        prev = entry.mac
        expected_seq += 1
    if head_seq is not None and head_seq >= expected_seq:
        return ChainProblem(expected_seq, f"missing (the chain head says #{head_seq} exists)")
    if head_mac is not None and head_seq == expected_seq - 1 and head_seq > 0 \
            and not hmac.compare_digest(head_mac, prev):
        return ChainProblem(head_seq, "does not match the chain head")
    return None
