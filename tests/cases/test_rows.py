"""Rows built for bulk inserts, as PostgreSQL's COPY text takes them: every value escaped
where it must be, so that what is written is what was checked."""

import datetime as dt
import hashlib

import pytest

from tipnet.cases import rows
from tipnet.cases.models import Case, Movement, Person
from tipnet.cases.validation import clean_case_data
from tipnet.lib.bulk_sql import copy_line

PK = "01a206fb-c3d0-78ad-bbf9-55050c1eb38f"
NOW = "2026-11-23T05:48:38.123456+00:00"


def seal(text: str, context: str) -> str:
    """A stand-in for the keyring's sealer with the same alphabet (no randomness, so that
    two builds of a row can be compared)."""
    return "tn1:k1:" + hashlib.sha256(f"{context}|{text}".encode()).hexdigest()


def case_values(cleaned, reference="SPN-2026-000042"):
    values = {k: cleaned[k] for k in rows.CASE_FIELDS if k in cleaned}
    values.update(organisation_id=7, person_id=PK, owner_id=3, created_by_id=3, team_id=None,
                  reference=reference)
    return values


def fields(plan, line):
    assert line.endswith("\n") and "\n" not in line[:-1] and "\r" not in line
    cells = line[:-1].split("\t")
    assert len(cells) == plan.width
    return dict(zip(plan.columns, cells, strict=True))


@pytest.mark.parametrize(("reference", "as_copy_text"), [
    ("SPN-2026-000042", "SPN-2026-000042"), ("tab\there", "tab\\there"),
    ("new\nline", "new\\nline"), ("carriage\rreturn", "carriage\\rreturn"),
    ("back\\slash", "back\\\\slash"), ("\\N", "\\\\N"), ("", ""),
])
def test_a_case_row_as_copy_text_escapes_what_it_must(sample_case_data, reference,
                                                      as_copy_text):
    plan = rows.plan(Case)
    values = case_values(clean_case_data(sample_case_data), reference)
    values.update(identified_on=dt.date(2026, 5, 1), agreement_to_manage_data=True,
                  narrative="Sealed, so never escaped", age_when_trafficked=None,
                  status_decided_by="C:\\path\r")
    cells = fields(plan, copy_line(plan.row(PK, values, NOW, seal)))
    assert cells["reference"] == as_copy_text
    assert cells["status_decided_by"] == "C:\\\\path\\r"
    assert cells["age_when_trafficked"] == "\\N" and cells["team_id"] == "\\N"
    assert cells["agreement_to_manage_data"] == "t"
    assert cells["identified_on"] == "2026-05-01"
    assert cells["id"].replace("-", "") == PK.replace("-", "")  # (SQLite: without dashes)
    assert cells["created_at"] == NOW
    assert cells["narrative"] == seal("Sealed, so never escaped", f"cases.case.narrative:{PK}")


def test_person_and_movement_rows_as_copy_text_too(sample_case_data):
    cleaned = clean_case_data(sample_case_data)
    person = {k: v for k, v in cleaned["person"].items() if k in rows.PERSON_FIELDS}
    person.update(organisation_id=7, birth_date=None, family_name="", estimated_age=None)
    person["gender"] = "Tab\tand\\backslash"  # a plain column (code lists are not checked here)
    movement = {**cleaned["movements"][0], "case_id": PK, "sequence": 2,
                "transport": "new\nline", "departed_on": dt.date(2025, 1, 2)}
    person_cells = fields(rows.plan(Person), copy_line(rows.plan(Person).row(
        PK, person, NOW, seal)))
    assert person_cells["gender"] == "Tab\\tand\\\\backslash"
    assert person_cells["birth_date"] == "\\N" and person_cells["family_name"] == ""
    movement_cells = fields(rows.plan(Movement), copy_line(rows.plan(Movement).row(
        PK, movement, NOW, seal)))
    assert movement_cells["transport"] == "new\\nline"
    assert movement_cells["sequence"] == "2"
    assert movement_cells["departed_on"] == seal("2025-01-02", f"cases.movement.departed_on:{PK}")


def test_a_nul_character_is_refused_not_written(sample_case_data):
    plan = rows.plan(Case)
    values = case_values(clean_case_data(sample_case_data), reference="A\x00B")
    with pytest.raises(ValueError):
        copy_line(plan.row(PK, values, NOW, seal))


def test_the_blind_index_of_a_case_is_each_distinct_normalised_value_once(settings):
    """Pinned: a whole name's words are its parts too, and each (kind, value) is hashed and
    stored once, under the primary key."""
    from tipnet.cases import search
    from tipnet.lib.keys import keyring

    item = {"person": {"given_name": "José", "middle_name": "", "family_name": "O'Neil"},
            "aliases": ["Pepe", "jose"],
            "documents": [{"number": "ab 123-45"}],
            "contacts": [{"kind": "phone", "value": "984 123 4567"},
                         {"kind": "email", "value": " Jose@Example.org "},
                         {"kind": "address", "value": "Street 1"}]}
    ring = keyring()
    expected = [("name", "jose"), ("name", "oneil"), ("name", "jose oneil"), ("name", "pepe"),
                ("document", "AB12345"), ("phone", "+9779841234567"),
                ("email", "jose@example.org")]
    assert search.digest_rows(search.data_values(item), "NP") == [
        (kind, ring.digest(kind, value), ring.primary.kid) for kind, value in expected]
