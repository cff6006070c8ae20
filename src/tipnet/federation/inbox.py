"""Receiving a package: every check, the exactly-once hand-over to its handler, the signed
acknowledgement, and an audit entry for every refusal (never with payload content).

Checks go from cheap to dear, so that junk costs little: size and shape, then the sender's
registration, then the signature, the clock window, the recipient, the payload's decryption,
and last the nonce (a replay of the very same package).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.lib import counters

from . import envelope, handlers
from .errors import Rejected
from .models import InboxMessage, LocalIdentity, Peer, SeenNonce
from .services import current_identity

log = logging.getLogger(__name__)

HTTP_STATUS = {
    "too_large": 413, "malformed": 400, "stale": 400, "undecryptable": 400,
    "unsigned": 401, "bad_signature": 401, "unknown_sender": 403, "inactive_peer": 403,
    "wrong_recipient": 421, "replay": 409, "throttled": 429, "no_identity": 503,
}


def _reject(code: str, message: str, *, remote: str, package: dict | None = None,
            peer: Peer | None = None) -> tuple[int, dict[str, Any]]:
    """Audit a refusal (ids and codes only) and build its JSON answer."""
    detail: dict[str, Any] = {"reason": code, "remote": remote}
    if package is not None:
        detail.update(kind=package.get("kind", ""), sender=str(package.get("sender", ""))[:64])
    audit.record("federation_rejected", object_type="federation.peer",
                 object_id=peer.pk if peer else "", via="peer", detail=detail)
    if _count_rejection(remote) == settings.TIPNET_FEDERATION_REJECTS_PER_MINUTE:
        audit.record("federation_rejected", object_type="federation.peer", via="peer",
                     detail={"reason": "throttled", "remote": remote})
    return HTTP_STATUS.get(code, 400), {"ok": False, "error": code, "detail": message}


def _throttle_key(remote: str) -> str:
    return f"tipnet:federation:rejects:{remote}"


def _count_rejection(remote: str) -> int:
    return counters.count(_throttle_key(remote), 60)


def throttled(remote: str) -> bool:
    """Too many refusals from this address in the last minute: answer 429 without work (and
    without an audit entry each: a flood must not flood the audit log)."""
    return cache.get(_throttle_key(remote), 0) >= settings.TIPNET_FEDERATION_REJECTS_PER_MINUTE


def receive(body: bytes, *, remote: str) -> tuple[int, dict[str, Any]]:
    """Handle one request body sent to the inbox: (HTTP status, JSON answer)."""
    if throttled(remote):
        return 429, {"ok": False, "error": "throttled",
                     "detail": "Too many refused packages from this address; wait a minute."}
    limit = settings.TIPNET_FEDERATION_MAX_BODY_BYTES
    if len(body) > limit:
        return _reject("too_large", f"The package is larger than {limit // 1024} KB.",
                       remote=remote)
    try:
        package = envelope.parse(body)
    except envelope.PackageError as error:
        return _reject(error.code, error.message, remote=remote)
    identity = current_identity()
    if identity is None:
        return 503, {"ok": False, "error": "no_identity",
                     "detail": "This deployment has no federation identity yet."}
    peer = Peer.objects.filter(fingerprint=package["sender"]).first()
    now = timezone.now()
    try:
        if peer is None:
            raise envelope.PackageError("unknown_sender", "The sender is not a registered "
                                        "peer of this deployment.")
        if not peer.is_active:
            raise envelope.PackageError("inactive_peer", "The sender is registered here but "
                                        "inactive.")
        envelope.verify_signature(package, peer.public.signing_key)
        envelope.check_fresh(package, now, settings.TIPNET_FEDERATION_CLOCK_WINDOW_SECONDS)
        if package["recipient"] != identity.fingerprint:
            raise envelope.PackageError("wrong_recipient", "The package is for another "
                                        "deployment.")
        if package["kind"] == envelope.ACK or package["in_reply_to"]:
            raise envelope.PackageError("malformed", "An acknowledgement is not a message.")
        payload = envelope.open_payload(package, identity.private)
    except envelope.PackageError as error:
        return _reject(error.code, error.message, remote=remote, package=package, peer=peer)
    return _hand_over(package, payload, peer, identity, remote=remote)


def _hand_over(package: dict, payload: dict, peer: Peer, identity: LocalIdentity, *,
               remote: str) -> tuple[int, dict[str, Any]]:
    """Exactly once: the nonce is new (or this is a replay), the (peer, idempotency key) is
    new (or this is a sender's retry: acknowledged again, not handled again)."""
    kind, key = package["kind"], package["idempotency_key"]
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SeenNonce.objects.create(peer=peer, nonce=package["nonce"])
            except IntegrityError:
                return _reject("replay", "This very package was received before.",
                               remote=remote, package=package, peer=peer)
            status, reason, message = _handle(package, payload, peer)
            if status == "rejected":
                audit.record("federation_rejected", object_type="federation.peer",
                             object_id=peer.pk, via="peer",
                             detail={"reason": "handler", "kind": kind, "remote": remote})
            ack = envelope.seal(
                sender=identity.private, recipient=peer.public, kind=envelope.ACK,
                idempotency_key=key, in_reply_to=package["nonce"],
                payload={"status": status, "reason": reason,
                         "reply": message.reply if message else None})
    except Exception as error:  # the handler failed: nothing kept, the sender retries
        log.error("federation: handling a %r message from peer %s failed (%s)", kind,
                  peer.pk, type(error).__name__, exc_info=settings.DEBUG)
        return 500, {"ok": False, "error": "handler_failed",
                     "detail": "The message could not be handled now; send it again later."}
    Peer.objects.filter(pk=peer.pk).update(last_seen_at=timezone.now())
    if status == "rejected":
        return 422, {"ok": False, "error": "rejected", "detail": reason, "ack": ack}
    return 200, {"ok": True, "status": status, "ack": ack}


def _handle(package: dict, payload: dict,
            peer: Peer) -> tuple[str, str, InboxMessage | None]:
    """(status, reason, inbox message) inside the receiving transaction."""
    kind, key = package["kind"], package["idempotency_key"]
    known = InboxMessage.objects.filter(peer=peer, idempotency_key=key).first()
    if known is None:
        handler = handlers.handler_for(kind)
        if handler is None:
            return "rejected", f"This deployment does not take {kind!r} messages.", None
        try:
            with transaction.atomic():
                message = InboxMessage.objects.create(
                    peer=peer, kind=kind, idempotency_key=key, payload=payload,
                    sent_at=envelope.parse_time(package["sent_at"]))
                reply = handler(peer, payload, message)
                if reply is not None:
                    message.reply = reply
                    message.save(update_fields=["reply"])
                audit.record("federation_received", obj=message, via="peer",
                             detail={"peer": str(peer.pk), "kind": kind})
            return "accepted", "", message
        except Rejected as refusal:
            return "rejected", str(refusal.reason)[:300], None
        except IntegrityError:  # the same key, handled meanwhile by a concurrent request
            known = InboxMessage.objects.filter(peer=peer, idempotency_key=key).first()
            if known is None:
                raise
    known.duplicates += 1
    known.save(update_fields=["duplicates"])
    return "duplicate", "", known


def purge_nonces(now: dt.datetime | None = None) -> int:
    """Forget nonces older than twice the clock window: their packages are stale anyway."""
    window = settings.TIPNET_FEDERATION_CLOCK_WINDOW_SECONDS
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=2 * window + 60)
    deleted, _ = SeenNonce.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
