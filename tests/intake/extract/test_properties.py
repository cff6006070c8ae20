"""Properties over arbitrary text: no crash, no overlap, spans point at the raw text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tipnet.intake.extract import KINDS, entities, similarity, triage

PIECES = st.sampled_from([
    " ", ", ", ". ", "nine ", "eight", "four", "984", "1234567", "+977", "-", "/", "O", "l",
    "@maya", " at ", " dot ", "com", "www.", "example", "Rs ", "2,00,000", "lakh", "€", "$",
    "Dubai", "Jordan", "to ", "BA 2 PA 1234", "locked in", "not ", "محتجزة", "ال", "و",
    "٩٨٤", "é", "\u0301", "\u064e", "ـ", "İ", "ß", "\n", "insta: ", "fb.com/", "wa.me/",
])
TEXT = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=40).map("".join))


def check(text, region):
    found = entities(text, region=region)
    last_end = -1
    for e in found:
        assert e.kind in KINDS
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.raw
        assert e.start >= last_end  # in text order, never overlapping
        last_end = e.end
    assert len({(e.kind, e.value) for e in found}) == len(found)
    for e in found:
        if e.kind == "phone":
            assert e.value.startswith("+") and e.value[1:].isdigit()


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["", "NP", "IN", "AE", "GB", "MX"]))
def test_entities_on_any_text(text, region):
    check(text, region)


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT)
def test_triage_and_similarity_on_any_text(a, b):
    assert triage(a, set()).level in ("immediate", "high", "normal", "low")
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity(b, a)
