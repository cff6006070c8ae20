from tipnet.intake.extract import (
    PERSONAL_KINDS,
    RELATED_THRESHOLD,
    REPEAT_THRESHOLD,
    digest_values,
    entities,
    shingles,
    similarity,
)

TIP = ("Caller says her sister Sita left Biratnagar in March with an agent who promised work "
       "in a hotel in Kuala Lumpur. The agent took her passport and she cannot leave the "
       "house. The agent's number is 9841234567.")


def test_repeat_tips_score_above_the_threshold():
    retold = TIP.replace("Caller says her", "Her").replace("March", "april") + " Please help."
    typo = TIP.replace("promised", "promissed").replace("hotel", "Hotel")
    assert similarity(TIP, TIP) == 1.0
    assert similarity(TIP, retold) >= REPEAT_THRESHOLD
    assert similarity(TIP, typo) >= REPEAT_THRESHOLD


def test_different_tips_score_low():
    other = ("A man in Doha says his employer has not paid him for six months and keeps the "
             "workers' passports; twelve men sleep in one room near the industrial area.")
    same_template = TIP.replace("Sita", "Gita").replace("Biratnagar", "Pokhara").replace(
        "Kuala Lumpur", "Dubai").replace("9841234567", "9801234567")
    assert similarity(TIP, other) < 0.1
    # the same template about another person and another agent: related (RELATED_THRESHOLD)
    # but below the repeat threshold
    assert RELATED_THRESHOLD <= similarity(TIP, same_template) < REPEAT_THRESHOLD


def test_shingles_are_stable_and_folded():
    assert shingles("Elle est ENFERMÉE ici") == shingles("elle est enfermee ici")
    assert shingles("") == set()
    assert len(shingles("help")) == 1
    assert shingles("a b c") == {3516195607690045812}  # BLAKE2b: the same in every process


def test_digest_values_keep_personal_kinds_only():
    text = ("call 9841234567, mail raj@example.com, insta: raj_01, see jobs.example.com/x, "
            "car BA 2 PA 1234, paid Rs 50000 in Kathmandu; again 9841234567")
    found = entities(text, region="NP")
    assert {e.kind for e in found} == {"phone", "email", "handle", "url", "plate", "money",
                                       "place"}
    assert digest_values(found) == [
        ("phone", "+9779841234567"), ("email", "raj@example.com"), ("handle", "@raj_01"),
        ("url", "http://jobs.example.com/x"), ("plate", "BA2PA1234")]
    assert PERSONAL_KINDS == {"phone", "email", "url", "handle", "plate"}
