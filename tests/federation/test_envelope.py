"""Packages: sealed to the recipient, signed by the sender, refused when anything changes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tipnet.federation import envelope
from tipnet.federation.envelope import PackageError, PrivateIdentity

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def alice():
    return PrivateIdentity.generate()


@pytest.fixture(scope="module")
def bob():
    return PrivateIdentity.generate()


def sealed(alice, bob, **kw):
    return envelope.seal(sender=alice, recipient=bob.public, kind=kw.pop("kind", "ping"),
                         idempotency_key=kw.pop("key", "k-1"),
                         payload=kw.pop("payload", {"name": "Zelphira", "n": 1}),
                         now=kw.pop("now", NOW), **kw)


def opened(package, alice, bob, now=NOW):
    return envelope.open_package(envelope.canonical(package), sender=alice.public,
                                 recipient=bob, now=now, window_seconds=600)


def test_round_trip(alice, bob):
    package = sealed(alice, bob)
    header, payload = opened(package, alice, bob)
    assert payload == {"name": "Zelphira", "n": 1}
    assert header["sender"] == alice.public.fingerprint
    assert header["recipient"] == bob.public.fingerprint
    assert "Zelphira" not in json.dumps(package)


def test_each_sealing_is_a_new_package(alice, bob):
    one, two = sealed(alice, bob), sealed(alice, bob)
    assert one["nonce"] != two["nonce"] and one["epk"] != two["epk"]
    assert one["ciphertext"] != two["ciphertext"]


@pytest.mark.parametrize("field", ["kind", "idempotency_key", "nonce", "sent_at",
                                   "ciphertext", "epk", "recipient"])
def test_any_change_breaks_the_signature(alice, bob, field):
    package = sealed(alice, bob)
    value = package[field]
    if field == "sent_at":
        package[field] = "2026-05-01T12:00:01.000000Z"
    elif field == "kind":
        package[field] = "referral"
    elif field == "idempotency_key":
        package[field] = "k-2"
    elif field == "recipient":
        package[field] = "0" * 64
    else:
        package[field] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    with pytest.raises(PackageError) as refused:
        envelope.verify_signature(package, alice.public.signing_key)
    assert refused.value.code == "bad_signature"


def test_a_header_changed_and_signed_again_does_not_open(alice, bob):
    """The header is the cipher's associated data: a sender (or anyone who re-signs) cannot
    move a ciphertext under another kind or key."""
    package = sealed(alice, bob)
    package["kind"] = "referral"
    del package["signature"]
    package["signature"] = envelope.b64e(alice.sign(envelope.SIGNATURE_CONTEXT
                                                    + envelope.canonical(package)))
    with pytest.raises(PackageError) as refused:
        opened(package, alice, bob)
    assert refused.value.code == "undecryptable"


def test_only_the_recipient_opens_it(alice, bob):
    carol = PrivateIdentity.generate()
    package = sealed(alice, bob)
    with pytest.raises(PackageError) as refused:
        envelope.open_payload(package, carol)
    assert refused.value.code == "undecryptable"
    with pytest.raises(PackageError) as refused:
        envelope.open_package(envelope.canonical(package), sender=alice.public,
                              recipient=carol, now=NOW, window_seconds=600)
    assert refused.value.code == "wrong_recipient"


def test_another_signer_is_refused(alice, bob):
    mallory = PrivateIdentity.generate()
    package = sealed(mallory, bob)
    package["sender"] = alice.public.fingerprint
    with pytest.raises(PackageError) as refused:
        envelope.verify_signature(package, alice.public.signing_key)
    assert refused.value.code == "bad_signature"


@pytest.mark.parametrize("minutes,fresh", [(0, True), (9, True), (-9, True), (11, False),
                                           (-11, False)])
def test_clock_window(alice, bob, minutes, fresh):
    package = sealed(alice, bob, now=NOW + dt.timedelta(minutes=minutes))
    if fresh:
        envelope.check_fresh(package, NOW, 600)
    else:
        with pytest.raises(PackageError) as refused:
            envelope.check_fresh(package, NOW, 600)
        assert refused.value.code == "stale"


def test_parse_is_strict(alice, bob):
    package = sealed(alice, bob)
    with pytest.raises(PackageError, match="signed") as refused:
        envelope.parse(envelope.canonical({k: v for k, v in package.items()
                                           if k != "signature"}))
    assert refused.value.code == "unsigned"
    for broken in ({**package, "extra": 1}, {**package, "v": 2}, {**package, "v": True},
                   {**package, "sender": "XYZ"}, {**package, "nonce": "%%%"},
                   {**package, "sent_at": "yesterday"}, {**package, "kind": "Ping!"},
                   {**package, "ciphertext": "AAAA"}, [package]):
        with pytest.raises(PackageError) as refused:
            envelope.parse(json.dumps(broken).encode())
        assert refused.value.code == "malformed"
    for junk in (b"", b"\xff\xfe", b"null", b"{"):
        with pytest.raises(PackageError):
            envelope.parse(junk)


def test_seal_refuses_bad_names(alice, bob):
    with pytest.raises(ValueError):
        sealed(alice, bob, kind="Ping")
    with pytest.raises(ValueError):
        sealed(alice, bob, key="has space")


def test_fingerprints_cover_both_keys_and_read_in_groups(alice, bob):
    fp = alice.public.fingerprint
    assert len(fp) == 64
    assert envelope.fingerprint(alice.public.signing_key, bob.public.encryption_key) != fp
    shown = envelope.grouped(fp)
    assert len(shown.split()) == 16 and shown == shown.upper()
    assert envelope.normalise_fingerprint(shown.lower().replace(" ", ":")) == fp
