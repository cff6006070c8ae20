import pytest

from tipnet.intake.extract import entities


def phones(text, region=""):
    return [(e.value, e.raw) for e in entities(text, region=region) if e.kind == "phone"]


@pytest.mark.parametrize(("text", "region", "expected"), [
    # plain forms, through phonenumbers' matcher
    ("call 9841234567 now", "NP", [("+9779841234567", "9841234567")]),
    ("call +977 984-123-4567.", "", [("+9779841234567", "+977 984-123-4567")]),
    ("call 98 41 23 45 67 now", "NP", [("+9779841234567", "98 41 23 45 67")]),
    ("call 98.41.23.45.67", "NP", [("+9779841234567", "98.41.23.45.67")]),
    ("رقم ٩٨٤١٢٣٤٥٦٧", "NP", [("+9779841234567", "٩٨٤١٢٣٤٥٦٧")]),
    ("office 020 7946 0958", "GB", [("+442079460958", "020 7946 0958")]),
    ("his UAE number 050 123 4567", "AE", [("+971501234567", "050 123 4567")]),
    # disguised forms, our pass
    ("nine eight four one two three four five six seven", "NP",
     [("+9779841234567", "nine eight four one two three four five six seven")]),
    ("+977-98four1234567", "", [("+9779841234567", "+977-98four1234567")]),
    ("nueve ocho cuatro uno dos tres cuatro cinco seis siete", "NP",
     [("+9779841234567", "nueve ocho cuatro uno dos tres cuatro cinco seis siete")]),
    ("neuf huit quatre un deux trois quatre cinq six sept", "NP",
     [("+9779841234567", "neuf huit quatre un deux trois quatre cinq six sept")]),
    ("رقمه تسعة ثمانية أربعة واحد اثنين ثلاثة أربعة خمسة ستة سبعة", "NP",
     [("+9779841234567", "تسعة ثمانية أربعة واحد اثنين ثلاثة أربعة خمسة ستة سبعة")]),
    ("98/41/23/45/67", "NP", [("+9779841234567", "98/41/23/45/67")]),
    ("984l23456O", "NP", [("+9779841234560", "984l23456O")]),
    ("nine eight double four one two three four five six", "NP",
     [("+9779844123456", "nine eight double four one two three four five six")]),
    ("plus nine seven seven nine eight four 1234567", "",
     [("+9779841234567", "plus nine seven seven nine eight four 1234567")]),
    ("00977 98 four 1234567", "", [("+9779841234567", "00977 98 four 1234567")]),
    ("wa.me/9779841234567", "", [("+9779841234567", "wa.me/9779841234567")]),
])
def test_phone_forms(text, region, expected):
    assert phones(text, region) == expected


@pytest.mark.parametrize(("text", "region"), [
    ("984l23456?", "NP"),  # nine digits: not a valid Nepali mobile
    ("nine eight four one two three", "NP"),  # too short
    ("on 12/05/2023 she left", "NP"),  # a date, though 12052023 would parse
    ("born 2004-05-12, came in 2019", "NP"),
    ("she paid 1,500,000 in 2023", "NP"),
    ("paid Rs 2,00,000 and 45,000 more", "IN"),
    ("one of the two men came three times", "NP"),
    ("9841234567", ""),  # no region and no +: cannot tell the country
    ("room 4o5 on floor 2", "NP"),
])
def test_not_phones(text, region):
    assert phones(text, region) == []


def test_number_inside_a_url_belongs_to_the_url():
    found = entities("see http://ads.example.com/9841234567/job", region="NP")
    assert [e.kind for e in found] == ["url"]
