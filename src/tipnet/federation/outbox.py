"""Delivering the outbox: seal, post, verify the peer's signed acknowledgement, and retry
with exponential backoff (with jitter, capped) while the peer cannot be reached.

A message is "delivered" only when the peer's acknowledgement — signed with the peer's key,
for this very package — has been verified. It is "failed" only when the peer refused it in a
signed answer (its handler said no). Everything else is retried: no answer, a 5xx, an
unsigned 4xx (an unregistered sender, a clock off by more than the window: things an
administrator can set right), an acknowledgement that does not verify.

Each attempt seals the message anew (fresh nonce and time) under the same idempotency key;
the receiver hands a key to its handler once, so a retry after a lost acknowledgement is
answered "duplicate" and the message is received exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from tipnet.audit import services as audit

from . import envelope, transport
from .errors import FederationError
from .models import OutboxMessage, Peer
from .services import current_identity, inbox_url

log = logging.getLogger(__name__)


def backoff_seconds(attempts: int, *, base: float, cap: float,
                    rand: Callable[[], float] = random.random) -> float:
    """Wait before the next attempt after ``attempts`` failed ones: base·2^(attempts-1),
    capped, and then drawn between half of it and all of it ("equal jitter"), so that many
    messages to a peer that comes back do not all retry in the same second."""
    ceiling = min(cap, base * 2 ** max(0, min(attempts - 1, 32)))
    return ceiling / 2 + rand() * ceiling / 2


class RetryLater(Exception):
    """This attempt did not deliver the message; try again after the backoff."""

    def __init__(self, message: str, *, unreachable: bool = False):
        super().__init__(message)
        self.unreachable = unreachable


@dataclass
class Round:
    """What one pass over the due messages did."""

    delivered: int = 0
    failed: int = 0
    retrying: int = 0
    skipped_peers: set[Any] = field(default_factory=set)


def deliver_due(*, limit: int = 100, now: dt.datetime | None = None) -> Round:
    """Try every message that is due (oldest due first, at most ``limit``). A peer that cannot
    be reached is not tried again in the same round."""
    now = now or timezone.now()
    result = Round()
    due = list(OutboxMessage.objects.filter(status=OutboxMessage.PENDING,
                                            next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", "peer_id")[:limit])
    for pk, peer_id in due:
        if peer_id in result.skipped_peers:
            continue
        try:
            message = deliver(pk)
        except RetryLater as problem:
            result.retrying += 1
            if problem.unreachable:
                result.skipped_peers.add(peer_id)
            continue
        if message is not None:
            result.delivered += message.status == OutboxMessage.DELIVERED
            result.failed += message.status == OutboxMessage.FAILED
    return result


def deliver(message_id: Any) -> OutboxMessage | None:
    """One attempt at one message. Returns the message when delivered or refused for good,
    None when it is not pending or another process holds it; raises RetryLater (after
    scheduling the retry) when it did not go through."""
    now = timezone.now()
    lease = now + dt.timedelta(seconds=settings.TIPNET_FEDERATION_TIMEOUT_SECONDS + 30)
    claimed = OutboxMessage.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now),
        pk=message_id, status=OutboxMessage.PENDING).update(lease_until=lease)
    if not claimed:
        return None
    message = OutboxMessage.objects.select_related("peer").get(pk=message_id)
    try:
        status, answer = _attempt(message)
    except RetryLater as problem:
        _schedule_retry(message, str(problem))
        raise
    except Exception as error:  # a bug or a key missing here: keep the worker going
        log.error("federation: delivering %s failed (%s)", message.pk, type(error).__name__,
                  exc_info=settings.DEBUG)
        _schedule_retry(message, f"internal error ({type(error).__name__}); see the logs")
        raise RetryLater(f"internal error ({type(error).__name__})") from None
    _record(message, status, answer)
    return message


def _attempt(message: OutboxMessage) -> tuple[str, dict]:
    peer: Peer = message.peer
    if not peer.is_active:
        raise RetryLater("the peer is inactive")
    identity = current_identity()
    if identity is None:
        raise RetryLater("this deployment has no federation identity")
    try:
        url = inbox_url(peer.base_url)
    except FederationError as error:
        raise RetryLater(str(error)) from None
    package = envelope.seal(sender=identity.private, recipient=peer.public, kind=message.kind,
                            idempotency_key=message.idempotency_key, payload=message.payload)
    try:
        code, body = transport.post(url, envelope.canonical(package),
                                    timeout=settings.TIPNET_FEDERATION_TIMEOUT_SECONDS)
    except transport.TransportError as error:
        raise RetryLater(str(error), unreachable=True) from None
    return _read_answer(code, body, package, peer, identity)


def _read_answer(code: int, body: bytes, package: dict, peer: Peer,
                 identity: Any) -> tuple[str, dict]:
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise RetryLater(f"HTTP {code}, not a tipnet answer")
    ack = answer.get("ack")
    if not isinstance(ack, dict):
        error, detail = str(answer.get("error", ""))[:60], str(answer.get("detail", ""))[:300]
        raise RetryLater(f"HTTP {code} {error}: {detail}".strip())
    try:
        ack_package, ack_payload = envelope.open_package(
            envelope.canonical(ack), sender=peer.public, recipient=identity.private,
            now=timezone.now(), window_seconds=settings.TIPNET_FEDERATION_CLOCK_WINDOW_SECONDS)
    except (envelope.PackageError, TypeError, ValueError) as error:
        raise RetryLater(f"HTTP {code}, the acknowledgement does not verify: {error}") from None
    if (ack_package["kind"] != envelope.ACK or ack_package["in_reply_to"] != package["nonce"]
            or ack_package["idempotency_key"] != package["idempotency_key"]):
        raise RetryLater(f"HTTP {code}, the acknowledgement is not for this package")
    status = ack_payload.get("status")
    if status not in ("accepted", "duplicate", "rejected"):
        raise RetryLater(f"HTTP {code}, unknown acknowledgement status")
    return status, ack_payload


def _schedule_retry(message: OutboxMessage, error: str) -> None:
    now = timezone.now()
    message.attempts += 1
    message.last_attempt_at = now
    message.last_error = error[:500]
    message.next_attempt_at = now + dt.timedelta(seconds=backoff_seconds(
        message.attempts, base=settings.TIPNET_FEDERATION_RETRY_BASE_SECONDS,
        cap=settings.TIPNET_FEDERATION_RETRY_MAX_SECONDS))
    message.lease_until = None
    message.save(update_fields=["attempts", "last_attempt_at", "last_error",
                                "next_attempt_at", "lease_until"])


def _record(message: OutboxMessage, status: str, answer: dict) -> None:
    now = timezone.now()
    message.attempts += 1
    message.last_attempt_at = now
    message.lease_until = None
    message.answer = status
    fields = ["attempts", "last_attempt_at", "lease_until", "answer", "status", "last_error"]
    if status == "rejected":
        message.status = OutboxMessage.FAILED
        message.last_error = f"refused by the peer: {answer.get('reason', '')}"[:500]
        action = "federation_failed"
    else:
        message.status = OutboxMessage.DELIVERED
        message.delivered_at = now
        message.last_error = ""
        message.reply = answer.get("reply") if isinstance(answer.get("reply"), dict) else None
        fields += ["delivered_at", "reply"]
        action = "federation_delivered"
    message.save(update_fields=fields)
    Peer.objects.filter(pk=message.peer_id).update(last_seen_at=now)
    audit.record(action, obj=message, via="system",
                 detail={"peer": str(message.peer_id), "kind": message.kind,
                         "answer": status, "attempts": message.attempts})
    if message.status == OutboxMessage.FAILED:
        _tell_sender_app(message, str(answer.get("reason", ""))[:500])


def _tell_sender_app(message: OutboxMessage, reason: str) -> None:
    """A refused message is final: the app that sent it hears of it through
    settings.TIPNET_FEDERATION_REFUSAL_HANDLERS (kind -> ``hook(message, reason)``), so that,
    say, a referral the peer refused does not wait for an answer for ever."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "TIPNET_FEDERATION_REFUSAL_HANDLERS", {}).get(message.kind)
    if not path:
        return
    try:
        import_string(path)(message, reason)
    except Exception:  # noqa: BLE001 - the refusal is recorded either way; logged
        log.exception("federation: the refusal hook for %s failed", message.kind)


def retry_now(user: Any, message: OutboxMessage, *, via: str = "web") -> None:
    """Put a pending or refused message back at the head of the queue (an administrator's
    decision, e.g. after the peer started taking its kind). Audited."""
    from .services import require_manage

    require_manage(user, via, "retry")
    with transaction.atomic():
        message.status = OutboxMessage.PENDING
        message.next_attempt_at = timezone.now()
        message.lease_until = None
        message.save(update_fields=["status", "next_attempt_at", "lease_until"])
        audit.record("update", user=user, obj=message, via=via, detail={"retry": True})


def deliver_in_background(message_id: Any) -> None:
    """A first attempt right after the sending transaction commits, off the request's
    thread; if it fails, the worker has the message anyway."""

    def run() -> None:
        try:
            deliver(message_id)
        except RetryLater:
            pass
        except Exception:
            log.exception("federation: background delivery of %s failed", message_id)
        finally:
            connections.close_all()

    threading.Thread(target=run, name="tipnet-federation-send", daemon=True).start()
