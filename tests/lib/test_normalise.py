import pytest

from tipnet.lib import normalise


@pytest.mark.parametrize("a, b", [
    ("José  O'Neil", "jose oneil"),
    ("MARÍA-LÓPEZ", "marialopez"),
    ("  Ñandú ", "nandu"),
])
def test_name(a, b):
    assert normalise.name(a) == b


def test_name_keys_include_whole_name_and_each_word():
    assert normalise.name_keys("Sita Kumari Tamang") == {
        "sita kumari tamang", "sita", "kumari", "tamang"}
    assert normalise.name_keys("   ") == set()


@pytest.mark.parametrize("raw, region, expected", [
    ("+977 984-1234567", "", "+9779841234567"),
    ("984 123 4567", "NP", "+9779841234567"),
    ("00977 9841234567", "IN", "+9779841234567"),
    ("(020) 7946 0018", "GB", "+442079460018"),
])
def test_phone_to_e164(raw, region, expected):
    assert normalise.phone(raw, region) == expected


def test_unparseable_phone_falls_back_to_digits():
    assert normalise.phone("call 12-34", "") == "1234"


def test_document_and_email():
    assert normalise.document("pa 123-45.6/7") == "PA1234567"
    assert normalise.email("  Someone@Example.ORG ") == "someone@example.org"
