"""The inbox in-process: every refusal is answered in JSON and audited without payload
content; a message is handled once however often it is sent; handlers refuse or fail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from tipnet.audit.models import AuditEntry
from tipnet.federation import envelope, inbox
from tipnet.federation.models import InboxMessage, Peer, SeenNonce
from tipnet.federation.services import Rejected

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []
SECRET = "Quixbottom"


def refuse(peer, payload, message):
    raise Rejected("no bed free")


def crash(peer, payload, message):
    CALLS.append(payload)
    raise RuntimeError(f"bug while reading {SECRET}")


def remember(peer, payload, message):
    CALLS.append(payload)
    return {"our_ref": "R-1"}


@pytest.fixture(autouse=True)
def handlers(settings):
    from django.core.cache import cache

    cache.clear()  # the refusal counter of the throttle
    CALLS.clear()
    settings.TIPNET_FEDERATION_HANDLERS = {
        "ping": "tipnet.federation.handlers.ping",
        "test.remember": "tests.federation.test_inbox.remember",
        "test.refuse": "tests.federation.test_inbox.refuse",
        "test.crash": "tests.federation.test_inbox.crash"}


@pytest.fixture
def post(client):
    def send(package, raw=None):
        body = raw if raw is not None else envelope.canonical(package)
        response = client.post("/federation/inbox", body, content_type="application/json",
                               REMOTE_ADDR="192.0.2.7")
        return response.status_code, response.json()
    return send


@pytest.fixture
def make(remote_keys, identity):
    def make(kind="test.remember", key="k-1", payload=None, **kw):
        return envelope.seal(sender=remote_keys, recipient=identity.public, kind=kind,
                             idempotency_key=key, payload=payload or {"name": SECRET}, **kw)
    return make


def rejected_reasons():
    return [e.detail["reason"] for e in AuditEntry.objects.filter(
        action="federation_rejected").order_by("seq")]


def open_ack(answer, remote_keys, identity):
    return envelope.open_package(envelope.canonical(answer["ack"]), sender=identity.public,
                                 recipient=remote_keys, now=timezone.now(),
                                 window_seconds=600)


def test_accepted_once_and_acknowledged_with_a_signed_answer(post, make, peer, remote_keys,
                                                            identity):
    package = make()
    status, answer = post(package)
    assert (status, answer["status"]) == (200, "accepted")
    ack, ack_payload = open_ack(answer, remote_keys, identity)
    assert ack["kind"] == "ack" and ack["in_reply_to"] == package["nonce"]
    assert ack_payload == {"status": "accepted", "reason": "", "reply": {"our_ref": "R-1"}}
    message = InboxMessage.objects.get()
    assert message.payload == {"name": SECRET} and message.peer == peer
    assert CALLS == [{"name": SECRET}]
    assert AuditEntry.objects.filter(action="federation_received").count() == 1
    peer.refresh_from_db()
    assert peer.last_seen_at is not None


def test_a_retry_with_the_same_key_is_a_duplicate_not_handled_again(post, make, remote_keys,
                                                                    identity, peer):
    post(make())
    status, answer = post(make())  # sealed again: new nonce, new time, same key
    assert (status, answer["status"]) == (200, "duplicate")
    assert open_ack(answer, remote_keys, identity)[1]["reply"] == {"our_ref": "R-1"}
    assert len(CALLS) == 1
    assert InboxMessage.objects.get().duplicates == 1


def test_the_same_package_twice_is_a_replay(post, make, peer):
    package = make()
    assert post(package)[0] == 200
    status, answer = post(package)
    assert (status, answer["error"]) == (409, "replay")
    assert len(CALLS) == 1 and rejected_reasons() == ["replay"]


def test_refusals_are_audited_without_payload(post, make, peer, remote_keys, identity):
    stale = make(now=timezone.now() - dt.timedelta(minutes=11))
    tampered = make(key="k-2")
    tampered["idempotency_key"] = "k-3"
    unsigned = make(key="k-4")
    del unsigned["signature"]
    other = envelope.PrivateIdentity.generate()
    unknown = envelope.seal(sender=other, recipient=identity.public, kind="ping",
                            idempotency_key="k-5", payload={"name": SECRET})
    misdirected = envelope.seal(sender=remote_keys, recipient=other.public, kind="ping",
                                idempotency_key="k-6", payload={"name": SECRET})
    ack_as_message = make(key="k-7", kind="ack")
    cases = [(stale, 400, "stale"), (tampered, 401, "bad_signature"),
             (unsigned, 401, "unsigned"), (unknown, 403, "unknown_sender"),
             (misdirected, 421, "wrong_recipient"), (ack_as_message, 400, "malformed")]
    for package, code, error in cases:
        status, answer = post(package)
        assert (status, answer["ok"], answer["error"]) == (code, False, error), error
        assert answer["detail"]
    assert post(None, raw=b"not json")[1]["error"] == "malformed"
    assert rejected_reasons() == [e for _, _, e in cases] + ["malformed"]
    entries = AuditEntry.objects.filter(action="federation_rejected")
    assert all(e.via == "peer" and e.detail["remote"] == "192.0.2.7" for e in entries)
    assert SECRET not in json.dumps([e.detail for e in entries])
    assert not InboxMessage.objects.exists() and not CALLS


def test_an_inactive_peer_is_refused(post, make, peer):
    Peer.objects.filter(pk=peer.pk).update(is_active=False)
    assert post(make())[1]["error"] == "inactive_peer"
    assert not CALLS


def test_too_large_is_refused_before_reading(client, settings, identity):
    settings.TIPNET_FEDERATION_MAX_BODY_BYTES = 1024
    response = client.post("/federation/inbox", b"{" + b" " * 2000 + b"}",
                           content_type="application/json")
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert "1 KB" in response.json()["detail"]
    assert rejected_reasons() == ["too_large"]


def test_a_handler_refusal_is_signed_and_final(post, make, remote_keys, identity, peer):
    status, answer = post(make(kind="test.refuse"))
    assert (status, answer["error"], answer["detail"]) == (422, "rejected", "no bed free")
    assert open_ack(answer, remote_keys, identity)[1]["status"] == "rejected"
    assert not InboxMessage.objects.exists()
    assert rejected_reasons() == ["handler"]


def test_an_unknown_kind_is_refused_with_a_signed_answer(post, make, peer):
    status, answer = post(make(kind="referral.offer"))
    assert status == 422 and "referral.offer" in answer["detail"] and answer["ack"]


def test_a_failing_handler_keeps_nothing_and_the_sender_may_retry(post, make, peer, caplog):
    status, answer = post(make(kind="test.crash"))
    assert (status, answer["error"]) == (500, "handler_failed")
    assert SECRET not in json.dumps(answer) and SECRET not in caplog.text
    assert not InboxMessage.objects.exists() and not SeenNonce.objects.exists()
    assert not AuditEntry.objects.filter(action="federation_received").exists()


def test_only_post(client, identity):
    response = client.get("/federation/inbox")
    assert response.status_code == 405 and response.json()["error"] == "method"


def test_no_identity_yet(post, remote_keys):
    from tipnet.federation.envelope import PrivateIdentity

    package = envelope.seal(sender=remote_keys, recipient=PrivateIdentity.generate().public,
                            kind="ping", idempotency_key="k", payload={})
    assert post(package)[0] == 503


def test_a_flood_of_refusals_is_throttled(post, make, peer, settings):
    settings.TIPNET_FEDERATION_REJECTS_PER_MINUTE = 3
    for _ in range(3):
        assert post(None, raw=b"junk")[0] == 400
    status, answer = post(make())  # even a good package, from this address, for a minute
    assert (status, answer["error"]) == (429, "throttled")
    assert rejected_reasons() == ["malformed"] * 3 + ["throttled"]


def test_old_nonces_are_forgotten(post, make, peer):
    post(make())
    assert inbox.purge_nonces() == 0
    later = timezone.now() + dt.timedelta(minutes=25)
    assert inbox.purge_nonces(now=later) == 1


def test_behind_a_proxy_the_peers_address_is_counted(client, identity, settings):
    settings.TIPNET_PROXY_COUNT = 1
    client.post("/federation/inbox", b"junk", content_type="application/json",
                REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4")
    entry = AuditEntry.objects.get(action="federation_rejected")
    assert entry.detail["remote"] == "198.51.100.4"
