import pytest

from tipnet.intake.extract import entities


def of(kind, text, region=""):
    return [(e.value, e.raw) for e in entities(text, region=region) if e.kind == kind]


@pytest.mark.parametrize(("text", "region", "expected"), [
    ("paid USD 1500", "", [("USD 1500", "USD 1500")]),
    ("paid $1,500.00 to him", "", [("USD 1500", "$1,500.00")]),
    ("il a payé 1.500,50 €", "", [("EUR 1500.50", "1.500,50 €")]),
    ("2 500 euros", "", [("EUR 2500", "2 500 euros")]),
    ("a debt of 2k dollars", "", [("USD 2000", "2k dollars")]),
    ("Rs 2,00,000 to the agent", "NP", [("NPR 200000", "Rs 2,00,000")]),
    ("Rs 2,00,000 to the agent", "", [("INR 200000", "Rs 2,00,000")]),
    ("rs.500", "PK", [("PKR 500", "rs.500")]),
    ("he asked 2 lakh", "NP", [("NPR 200000", "2 lakh")]),
    ("1.5 lakh rupees", "IN", [("INR 150000", "1.5 lakh rupees")]),
    ("₹5000", "", [("INR 5000", "₹5000")]),
    ("200000 NPR", "", [("NPR 200000", "200000 NPR")]),
    ("salary 1200 AED a month", "", [("AED 1200", "1200 AED")]),
    ("300 dirhams", "MA", [("MAD 300", "300 dirhams")]),
    ("QAR 800", "", [("QAR 800", "QAR 800")]),
    ("RM 1,500", "", [("MYR 1500", "RM 1,500")]),
    ("3 millones de pesos", "", [("MXN 3000000", "3 millones de pesos")]),
    ("500 dólares", "", [("USD 500", "500 dólares")]),
    ("٣٠٠٠ ريال", "QA", [("QAR 3000", "٣٠٠٠ ريال")]),
    ("she is 17 and came in 2019 with 3 friends", "", []),
    ("5 kg of rice", "", []),
])
def test_money(text, region, expected):
    assert of("money", text, region) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("She left Kathmandu for Kuala Lumpur", ["city:Kathmandu,NP", "city:Kuala Lumpur,MY"]),
    ("taken to KATHMANDU then DUBAI", ["city:Kathmandu,NP", "city:Dubai,AE"]),
    ("Elle est à Beyrouth, au Liban", ["city:Beirut,LB", "country:LB"]),
    ("Está en Ciudad de México, viene de Guatemala", ["city:Mexico City,MX", "country:GT"]),
    ("هي في الرياض وجاءت من نيبال", ["city:Riyadh,SA", "country:NP"]),
    ("وصلت إلى بالأردن", ["country:JO"]),
    ("trabaja en Sevilla y en Málaga", ["city:Sevilla,ES", "city:Málaga,ES"]),
    ("flew from Népal to the Emirats arabes unis", ["country:NP", "country:AE"]),
    ("moved from Bombay to New Delhi", ["city:Mumbai,IN", "city:New Delhi,IN"]),
    ("came via Ho Chi Minh City", ["city:Ho Chi Minh City,VN"]),
    ("passed through the UAE and the UK", ["country:AE", "country:GB"]),
    ("ad says nepal jobs", ["country:NP"]),  # an unambiguous name matches in lower case
])
def test_places(text, expected):
    assert [v for v, _ in of("place", text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "Jordan": a person's name too; a place only after a locative preposition
    ("She was taken to Jordan.", ["country:JO"]),
    ("Jordan said she was fine.", []),
    ("Her friend Jordan called.", []),
    ("The recruiter, Jordan Smith, lives in Amman", ["city:Amman,JO"]),
    # ordinary words: only capitalised and not first in a sentence
    ("That was nice of her", []),
    ("Nice to meet you", []),
    ("She works in Nice now", ["city:Nice,FR"]),
    ("they split the money", []),
    ("a male worker", []),
    ("She went to Turkey", ["country:TR"]),
    ("we ate turkey", []),
    ("Sofia called from Lagos", ["city:Lagos,NG"]),
    ("her name is Sofia; she is in Sofia", ["city:Sofia,BG"]),
    ("encerrada en Lima", ["city:Lima,PE"]),
])
def test_ambiguous_place_names(text, expected):
    assert [v for v, _ in of("place", text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a white van BA 2 PA 1234", ["BA2PA1234"]),
    ("jeep Ba 2 Pa 1234", ["BA2PA1234"]),
    ("truck DL 3C AB 1234 at the border", ["DL3CAB1234"]),
    ("car MH12AB1234", ["MH12AB1234"]),
    ("car AB12 CDE in Dover", ["AB12CDE"]),
    ("Dubai A 12345", ["DUBAIA12345"]),
    ("plaque AB-123-CD", ["AB123CD"]),
    ("matrícula 1234 BCD", ["1234BCD"]),
    ("in 2023 NGO staff", []),  # a year, not a Spanish plate
    ("up 12 in 2023", []),  # Indian formats are upper case only
])
def test_plates(text, expected):
    assert [v for v, _ in of("plate", text)] == expected
