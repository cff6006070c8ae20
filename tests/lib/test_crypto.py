import pytest

from tipnet.lib.crypto import (
    DecryptionError,
    Keyring,
    KeySpecError,
    generate_key_spec,
    parse_key_specs,
)


def ring(*kids):
    return Keyring(parse_key_specs([generate_key_spec(k) for k in kids]))


def test_round_trip_and_ciphertext_hides_plaintext():
    r = ring("k1")
    token = r.encrypt("Testa Fakename", "cases.person.given_name")
    assert "Testa" not in token and token.startswith("tn1:k1:")
    assert r.decrypt(token, "cases.person.given_name") == "Testa Fakename"


def test_same_value_encrypts_differently_each_time():
    r = ring("k1")
    assert r.encrypt("x", "c") != r.encrypt("x", "c")


def test_value_moved_to_another_column_fails_to_open():
    r = ring("k1")
    token = r.encrypt("secret", "cases.person.given_name")
    with pytest.raises(DecryptionError):
        r.decrypt(token, "cases.person.family_name")


def test_tampered_ciphertext_is_rejected():
    r = ring("k1")
    token = r.encrypt("secret", "c")
    body = token.split(":", 2)[2]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionError):
        r.decrypt(f"tn1:k1:{flipped}", "c")


def test_old_key_still_opens_after_new_primary_and_unknown_key_does_not():
    old = parse_key_specs([generate_key_spec("old")])
    new = parse_key_specs([generate_key_spec("new")])
    token = Keyring(old).encrypt("v", "c")
    both = Keyring(new + old)
    assert both.decrypt(token, "c") == "v"
    assert both.encrypt("v", "c").startswith("tn1:new:")
    with pytest.raises(DecryptionError, match="not in the keyring"):
        Keyring(new).decrypt(token, "c")


def test_blobs_round_trip_and_detect_tampering():
    r = ring("k1")
    blob = r.encrypt_bytes(b"%PDF-1.7 report", "blob")
    assert b"PDF" not in blob
    assert r.decrypt_bytes(blob, "blob") == b"%PDF-1.7 report"
    with pytest.raises(DecryptionError):
        r.decrypt_bytes(blob[:-1] + bytes([blob[-1] ^ 1]), "blob")


def test_digests_are_keyed_and_kind_separated():
    r1, r2 = ring("a"), ring("b")
    assert r1.digest("phone", "+9779841234567") == r1.digest("phone", "+9779841234567")
    assert r1.digest("phone", "+9779841234567") != r2.digest("phone", "+9779841234567")
    assert r1.digest("phone", "x") != r1.digest("name", "x")


@pytest.mark.parametrize("specs, message", [
    ([], "at least one"),
    (["k1"], "key id"),
    (["k1:notbase64!!"], "32 bytes|base64"),
    (["k1:" + "QUFB"], "32 bytes"),
    ([generate_key_spec("k1"), generate_key_spec("k1")], "twice"),
    (["bad id:" + generate_key_spec("x").split(":")[1]], "key id"),
])
def test_malformed_key_specs_fail_fast(specs, message):
    with pytest.raises(KeySpecError, match=message):
        parse_key_specs(specs)


def test_sealer_seals_like_encrypt_each_value_with_its_own_nonce():
    r = ring("k1")
    seal = r.sealer()
    tokens = [seal("Testa Fakename", "cases.person.given_name:1") for _ in range(50)]
    assert all(t.startswith("tn1:k1:") for t in tokens)
    assert len({t.split(":")[2][:16] for t in tokens}) == 50  # 12-byte nonces, all different
    assert {r.decrypt(t, "cases.person.given_name:1") for t in tokens} == {"Testa Fakename"}
    with pytest.raises(DecryptionError):
        r.decrypt(tokens[0], "cases.person.given_name:2")


def test_digest_is_the_truncated_hmac_of_kind_and_value():
    import hmac

    r = ring("k1")
    expected = hmac.digest(r.primary.index_key, b"phone\x00+9779841234567", "sha256").hex()
    assert r.digest("phone", "+9779841234567") == expected[:32]
    assert r.digests("name", "asha") == [r.digest("name", "asha")]
