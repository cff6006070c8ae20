"""Sending: the outbox in the caller's transaction, encrypted at rest; what counts as
delivered, refused for good or to retry; the backoff."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from tipnet.audit.models import AuditEntry
from tipnet.federation import envelope, outbox, services
from tipnet.federation.models import OutboxMessage

SECRET = "Vantablack"


# -- backoff -----------------------------------------------------------------------------

def test_backoff_doubles_with_jitter_up_to_the_cap():
    low = [outbox.backoff_seconds(n, base=30, cap=3600, rand=lambda: 0.0) for n in range(1, 10)]
    high = [outbox.backoff_seconds(n, base=30, cap=3600, rand=lambda: 1.0) for n in range(1, 10)]
    assert high[:5] == [30, 60, 120, 240, 480]
    assert high[-1] == 3600 and max(high) == 3600
    assert all(lo == hi / 2 for lo, hi in zip(low, high, strict=True))
    assert outbox.backoff_seconds(10_000, base=30, cap=3600) <= 3600


def test_backoff_spreads_retries():
    waits = {round(outbox.backoff_seconds(4, base=30, cap=3600), 3) for _ in range(50)}
    assert len(waits) > 40 and all(120 <= w <= 240 for w in waits)


# -- send --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_send_queues_once_per_key_encrypted_and_audited(peer, sysadmin):
    message = services.send(peer, "ping", {"name": SECRET}, idempotency_key="ref:1",
                            user=sysadmin)
    again = services.send(peer, "ping", {"name": "other"}, idempotency_key="ref:1")
    assert again.pk == message.pk and OutboxMessage.objects.count() == 1
    assert message.status == "pending" and message.attempts == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM federation_outboxmessage")
        stored = cursor.fetchone()[0]
    assert stored.startswith("tn1:") and SECRET not in stored
    assert OutboxMessage.objects.get().payload == {"name": SECRET}
    entry = AuditEntry.objects.get(action="federation_sent")
    assert entry.object_id == str(message.pk) and SECRET not in json.dumps(entry.detail)


@pytest.mark.django_db
def test_send_belongs_to_the_callers_transaction(peer):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.send(peer, "ping", {}, idempotency_key="ref:2")
        raise RuntimeError("the referral could not be saved")
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_send_refuses_what_cannot_travel(peer):
    with pytest.raises(ValueError):
        services.send(peer, "ack", {}, idempotency_key="k")
    with pytest.raises(ValueError):
        services.send(peer, "ping", {}, idempotency_key="no spaces")
    with pytest.raises(TypeError):
        services.send(peer, "ping", {"when": object()}, idempotency_key="k")
    peer.is_active = False
    with pytest.raises(services.FederationError):
        services.send(peer, "ping", {}, idempotency_key="k")


# -- answers -----------------------------------------------------------------------------

@pytest.fixture
def sent(peer, identity):
    """A package this deployment sent to the peer."""
    return envelope.seal(sender=identity.private, recipient=peer.public, kind="ping",
                         idempotency_key="k-1", payload={})


def answer(remote_keys, identity, package, status="accepted", **over):
    ack = envelope.seal(sender=remote_keys, recipient=identity.public, kind=over.pop(
        "kind", "ack"), idempotency_key=over.pop("key", package["idempotency_key"]),
        in_reply_to=over.pop("in_reply_to", package["nonce"]),
        payload={"status": status, "reason": "", "reply": {"pong": True}})
    return json.dumps({"ok": True, "ack": ack}).encode()


@pytest.mark.django_db
def test_a_signed_acknowledgement_for_this_package_delivers(peer, identity, remote_keys,
                                                           sent):
    status, ack = outbox._read_answer(200, answer(remote_keys, identity, sent), sent, peer,
                                      identity)
    assert status == "accepted" and ack["reply"] == {"pong": True}


@pytest.mark.django_db
@pytest.mark.parametrize("code,body,problem", [
    (503, b"<html>maintenance</html>", "not a tipnet answer"),
    (403, b'{"ok": false, "error": "unknown_sender", "detail": "not registered"}',
     "unknown_sender: not registered"),
])
def test_unsigned_answers_are_retried(peer, identity, sent, code, body, problem):
    with pytest.raises(outbox.RetryLater, match=problem):
        outbox._read_answer(code, body, sent, peer, identity)


@pytest.mark.django_db
def test_an_acknowledgement_must_be_the_peers_and_for_this_package(peer, identity,
                                                                  remote_keys, sent):
    stranger = envelope.PrivateIdentity.generate()
    other = envelope.seal(sender=identity.private, recipient=peer.public, kind="ping",
                          idempotency_key="k-1", payload={})
    for body in (answer(stranger, identity, sent),
                 answer(remote_keys, identity, other),
                 answer(remote_keys, identity, sent, key="k-2"),
                 answer(remote_keys, identity, sent, kind="ping")):
        with pytest.raises(outbox.RetryLater):
            outbox._read_answer(200, body, sent, peer, identity)


@pytest.mark.django_db
def test_unreachable_peer_is_retried_later_with_the_error_kept(peer, settings):
    settings.TIPNET_FEDERATION_ALLOW_HTTP = True
    settings.TIPNET_FEDERATION_TIMEOUT_SECONDS = 2
    peer.base_url = "http://127.0.0.1:9"  # discard port: nothing listens
    peer.save()
    message = services.send(peer, "ping", {}, idempotency_key="k-9")
    with pytest.raises(outbox.RetryLater):
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert "cannot reach" in message.last_error and message.lease_until is None
    assert message.next_attempt_at > message.last_attempt_at
    assert outbox.deliver_due().retrying == 0  # not due yet


@pytest.mark.django_db
def test_retry_now_requeues_a_refused_message(peer, sysadmin, caseworker):
    message = services.send(peer, "ping", {}, idempotency_key="k-10")
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed")
    message.refresh_from_db()
    with pytest.raises(services.PermissionDenied):
        outbox.retry_now(caseworker, message)
    outbox.retry_now(sysadmin, message)
    message.refresh_from_db()
    assert message.status == "pending"


def test_http_only_when_allowed(settings):
    settings.TIPNET_FEDERATION_ALLOW_HTTP = False
    assert services.check_url("https://peer.example.org/") == "https://peer.example.org"
    for url in ("http://peer.example.org", "ftp://x", "https://", "https://u:p@x.org",
                "https://x.org/?a=1"):
        with pytest.raises(services.FederationError):
            services.check_url(url)
    settings.TIPNET_FEDERATION_ALLOW_HTTP = True
    assert services.check_url("http://127.0.0.1:8001") == "http://127.0.0.1:8001"


@pytest.mark.django_db
def test_a_payload_too_large_for_an_inbox_is_refused_when_sent(peer, settings):
    settings.TIPNET_FEDERATION_MAX_BODY_BYTES = 4096
    with pytest.raises(ValueError, match="larger than an inbox takes"):
        services.send(peer, "ping", {"text": "x" * 3000}, idempotency_key="big")


@pytest.mark.django_db
def test_an_unexpected_error_is_retried_not_fatal(peer):
    message = services.send(peer, "ping", {}, idempotency_key="k-11")
    OutboxMessage.objects.filter(pk=message.pk).update(payload="")  # not a dict any more
    result = outbox.deliver_due()
    message.refresh_from_db()
    assert result.retrying == 1 and message.attempts == 1


def test_handlers_are_checked_at_start_up(settings):
    from tipnet.federation.apps import check_handlers

    assert check_handlers(None) == []
    settings.TIPNET_FEDERATION_HANDLERS = {"ping": "tipnet.federation.handlers.nope",
                                           "ack": "tipnet.federation.handlers.ping"}
    assert {e.id for e in check_handlers(None)} == {"federation.E001", "federation.E002"}
