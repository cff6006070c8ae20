"""Two real deployments on localhost (two databases, two ports): a message goes from A to B
and B's answer comes back to A; B is down while A sends and the message arrives exactly once
when it is back; forged, unsigned, replayed and unknown packages are refused and audited."""

from __future__ import annotations

import json
import uuid

import pytest

from tipnet.federation import envelope

from .servers import wait_for

pytestmark = pytest.mark.slow

OUTBOX = "from tipnet.federation.models import OutboxMessage as M\n"
INBOX = "from tipnet.federation.models import InboxMessage as M\n"


def latest_outbox(deployment):
    return deployment.query(
        OUTBOX + "m = M.objects.order_by('-created_at').first()\n"
        "result = dict(id=str(m.pk), key=m.idempotency_key, status=m.status, "
        "attempts=m.attempts, last_error=m.last_error, answer=m.answer, reply=m.reply)")


def inbox_count(deployment, key):
    return deployment.query(INBOX + f"result = M.objects.filter(idempotency_key={key!r})"
                                    ".count()")


def rejections(deployment, since_seq):
    return deployment.query(
        "from tipnet.audit.models import AuditEntry as E\n"
        f"result = [e.detail for e in E.objects.filter(action='federation_rejected', "
        f"seq__gt={since_seq}).order_by('seq')]")


def audit_head(deployment):
    return deployment.query("from tipnet.audit.models import ChainHead as H\n"
                            "h = H.objects.filter(id=1).first()\nresult = h.seq if h else 0")


def test_ping_goes_to_b_and_bs_answer_is_recorded_at_a(deployments):
    a, b = deployments.a, deployments.b
    done = a.manage("federation_ping", "B", "--user", a.admin)
    assert "B answered (accepted)" in done.stdout
    sent = latest_outbox(a)
    assert sent["status"] == "delivered" and sent["answer"] == "accepted"
    assert sent["reply"]["pong"] is True and sent["reply"]["received_at"]
    assert inbox_count(b, sent["key"]) == 1
    received = b.query(INBOX + f"m = M.objects.get(idempotency_key={sent['key']!r})\n"
                               "result = dict(kind=m.kind, peer=m.peer.name)")
    assert received == {"kind": "ping", "peer": "A"}
    assert b.query("from tipnet.audit.models import AuditEntry as E\n"
                   "result = E.objects.filter(action='federation_received').count()") >= 1
    status = json.loads(a.manage("federation_status", "--json").stdout)
    assert status["peers"][0]["peer"] == "B" and status["peers"][0]["delivered"] >= 1


def test_b_down_while_a_sends_then_the_message_arrives_exactly_once(deployments):
    a, b = deployments.a, deployments.b
    with b.stopped():
        failed = a.manage("federation_ping", "B", "--user", a.admin, check=False)
        assert failed.returncode != 0 and "did not answer" in failed.stderr
        worker = a.start_worker()
        retried = wait_for(lambda: (m := latest_outbox(a))["attempts"] >= 3 and m)
        assert retried, "A's worker did not retry"
        assert retried["status"] == "pending" and "cannot reach" in retried["last_error"]
        assert worker.poll() is None
    # B is back: the worker delivers on its next attempt (backoff is at most 2 s here).
    delivered = wait_for(lambda: (m := latest_outbox(a))["status"] == "delivered" and m)
    a.stop_workers()
    assert delivered and delivered["answer"] == "accepted"
    assert inbox_count(b, delivered["key"]) == 1


def test_a_lost_acknowledgement_does_not_make_b_handle_the_message_twice(deployments):
    a, b = deployments.a, deployments.b
    key = f"lost-ack:{uuid.uuid4()}"
    first = a.query(
        "from tipnet.federation import outbox, services\n"
        "peer = services.find_peer('B')\n"
        f"m = services.send(peer, 'ping', {{'n': 1}}, idempotency_key={key!r}, "
        "deliver_now=False)\n"
        "outbox.deliver(m.pk)\n"
        "m.refresh_from_db()\n"
        "result = m.answer")
    assert first == "accepted"
    # A never got the answer (say, the connection dropped): the message is still waiting.
    again = a.query(
        "from tipnet.federation import outbox\n" + OUTBOX +
        f"m = M.objects.get(idempotency_key={key!r})\n"
        "M.objects.filter(pk=m.pk).update(status='pending', answer='')\n"
        "outbox.deliver(m.pk)\n"
        "m.refresh_from_db()\n"
        "result = [m.status, m.answer]")
    assert again == ["delivered", "duplicate"]
    assert inbox_count(b, key) == 1
    assert b.query(INBOX + f"result = M.objects.get(idempotency_key={key!r}).duplicates") == 1


def _package_from_a(a, key):
    """A package A signs for B (not sent), to send by hand."""
    return a.query(
        "from tipnet.federation import envelope, services\n"
        "me = services.current_identity()\n"
        "peer = services.find_peer('B')\n"
        "result = envelope.seal(sender=me.private, recipient=peer.public, kind='ping', "
        f"idempotency_key={key!r}, payload={{'note': 'Zelphira'}})")


def test_forged_unsigned_replayed_and_unknown_packages_are_refused_and_audited(deployments):
    a, b = deployments.a, deployments.b
    seq = audit_head(b)
    keys = {name: f"{name}:{uuid.uuid4()}" for name in
            ("tampered", "unsigned", "replayed", "unknown")}

    tampered = _package_from_a(a, keys["tampered"])
    body = tampered["ciphertext"]
    tampered["ciphertext"] = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    status, answer = b.post("/federation/inbox", envelope.canonical(tampered))
    assert (status, answer["error"]) == (401, "bad_signature")
    assert "signature" in answer["detail"]

    unsigned = _package_from_a(a, keys["unsigned"])
    del unsigned["signature"]
    status, answer = b.post("/federation/inbox", envelope.canonical(unsigned))
    assert (status, answer["error"]) == (401, "unsigned")

    replayed = envelope.canonical(_package_from_a(a, keys["replayed"]))
    assert b.post("/federation/inbox", replayed)[0] == 200
    status, answer = b.post("/federation/inbox", replayed)
    assert (status, answer["error"]) == (409, "replay")

    stranger = envelope.PrivateIdentity.generate()
    card = b.card()
    b_public = envelope.PublicIdentity(envelope.b64d(card["signing_key"]),
                                       envelope.b64d(card["encryption_key"]))
    unknown = envelope.seal(sender=stranger, recipient=b_public, kind="ping",
                            idempotency_key=keys["unknown"], payload={"note": "x"})
    status, answer = b.post("/federation/inbox", envelope.canonical(unknown))
    assert (status, answer["error"]) == (403, "unknown_sender")

    reasons = [d["reason"] for d in rejections(b, seq)]
    assert reasons == ["bad_signature", "unsigned", "replay", "unknown_sender"]
    entries = json.dumps(rejections(b, seq))
    assert "Zelphira" not in entries  # no payload content in the audit log
    # Nothing refused was handled; the replayed package was handled once.
    assert [inbox_count(b, keys[k]) for k in ("tampered", "unsigned", "replayed",
                                              "unknown")] == [0, 0, 1, 0]
    assert b.manage("verify_audit").returncode == 0
