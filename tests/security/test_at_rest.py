"""A copy of the database alone reveals no personal data: dump every table and every stored
file, and look for each personal value in every form we might have written it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tipnet.cases import attachments, notes

pytestmark = pytest.mark.django_db

SECRETS = {
    "given": "Zelphira", "family": "Quixbottom", "alias": "Zeezee",
    "phone": "+977 984-7654321", "email": "zelphira.q@example.org",
    "doc": "ZQ 4455667", "birth": "1999-02-28", "narrative": "kept in a windowless basement",
    "comment": "sister lives near the bus station", "perp": "Mordecai Vantablack",
    "consenter": "Grandmother Quixbottom", "filename": "medical-report-zelphira.pdf",
    "place": "Vorbagh brick kiln",
    "content": "Diagnosis: untreated fracture",
}
FORMS = {
    "given": ["Zelphira", "zelphira"], "family": ["Quixbottom", "quixbottom"],
    "alias": ["Zeezee", "zeezee"], "phone": ["9847654321", "+9779847654321", "984-7654321"],
    "email": ["zelphira.q@example.org"], "doc": ["ZQ 4455667", "ZQ4455667", "4455667"],
    "birth": ["1999-02-28"], "narrative": ["windowless basement"], "comment": ["bus station"],
    "perp": ["Mordecai", "Vantablack"], "consenter": ["Grandmother"],
    "filename": ["medical-report"], "content": ["untreated fracture"],
    "place": ["Vorbagh"], "crossing": ["Quellgate"], "departed": ["2024-07-19"],
    # identification: answers, profile, consent details, outcome, the screen used
    "answers": ["sexual_services", "cd.documents", "declined"], "profile": ["sexual"],
    "interpreter": ['"ne"', "separated"], "outcome": ["reasonable_grounds",
                                                      "indicators_present"],
    "screen": ["cst6"],
}


# Reference data, public by design (the indicator catalogue names every indicator id).
PUBLIC_TABLES = {"identification_catalogueversion"}


def _dump_database() -> str:
    chunks = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            if table in PUBLIC_TABLES:
                continue
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cur.fetchall():
                chunks.append(repr(row))
    return "\n".join(chunks)


def _dump_files(root) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_database_and_files_hold_no_personal_data(org, make_user, settings):
    from tipnet.cases import services

    user = make_user(org, "org_admin")
    case = services.create_case(user, {
        "person": {"given_name": SECRETS["given"], "family_name": SECRETS["family"],
                   "birth_date": SECRETS["birth"]},
        "aliases": [SECRETS["alias"]],
        "contacts": [{"kind": "phone", "value": SECRETS["phone"]},
                     {"kind": "email", "value": SECRETS["email"]}],
        "documents": [{"kind": "passport", "number": SECRETS["doc"]}],
        "narrative": SECRETS["narrative"],
        "perpetrators": [{"name": SECRETS["perp"]}],
        "movements": [{"to_country": "IN", "to_place": SECRETS["place"],
                       "border_crossing": "Quellgate", "departed_on": "2024-07-19"}],
    })
    notes.add_comment(user, case.pk, SECRETS["comment"])
    notes.record_consent(user, case.pk, {"scope": "services", "given_by": "guardian",
                                         "given_by_name": SECRETS["consenter"]})
    attachments.add_attachment(user, case.pk, SimpleUploadedFile(
        SECRETS["filename"], SECRETS["content"].encode(), content_type="application/pdf"))
    # An interview and a screening: what was said, and what was suspected.
    from tipnet.identification import services as identification
    from tipnet.identification.interview_flow import CONSENT_POINTS

    interview = identification.start_interview(user, case.pk)
    identification.give_consent(user, interview.pk, {
        "explained": list(CONSENT_POINTS), "consent": True, "companion": "separated",
        "interpreter_language": "ne", "interpreter_vetted": True})
    identification.set_profile(user, interview.pk, {"age": 15, "exploitation": "sexual",
                                                    "moved": True})
    identification.answer(user, interview.pk, {"ex.sexual_services": "yes",
                                               "cd.documents": "declined"})
    identification.complete(user, interview.pk)
    identification.record_screening(user, case.pk, "cst6", {"cst6.6": "yes"})
    # Searching and reading leave traces in the audit log: those must be clean too.
    services.find_cases(user, {"name": SECRETS["given"], "phone": SECRETS["phone"]})
    services.open_case(user, case.pk)

    db_dump = _dump_database()
    file_dump = _dump_files(settings.MEDIA_ROOT)
    assert case.reference in db_dump  # the dump really contains the case
    for key, forms in FORMS.items():
        for form in forms:
            assert form not in db_dump, f"{key} found in the database as {form!r}"
            assert form.encode() not in file_dump, f"{key} found in stored files"
    # The keys themselves are not in the database either.
    for spec in settings.TIPNET_DATA_KEYS:
        assert spec.split(":")[1] not in db_dump
    assert settings.TIPNET_AUDIT_KEY not in db_dump
    # And the app still reads it all back.
    reread = services.open_case(user, case.pk).case
    assert reread.person.given_name == SECRETS["given"]
    assert reread.contacts.get(kind="phone").value == SECRETS["phone"]
    _, data = attachments.read_attachment(user, case.pk, reread.attachments.get().pk)
    assert data == SECRETS["content"].encode()


def test_encrypted_fields_refuse_plaintext_lookups(org, make_user, make_case):
    from django.core.exceptions import FieldError

    from tipnet.cases.models import Person

    make_case(make_user(org, "org_admin"))
    with pytest.raises(FieldError, match="blind index"):
        Person.objects.filter(given_name="Testa").exists()
    with pytest.raises(FieldError):
        Person.objects.filter(family_name__icontains="Fake").exists()


def test_attachment_too_large_is_refused_and_nothing_stored(org, make_user, make_case, settings):
    from tipnet.cases.validation import CaseDataError

    settings.TIPNET_MAX_ATTACHMENT_BYTES = 1000
    user = make_user(org, "org_admin")
    case = make_case(user)
    with pytest.raises(CaseDataError, match="larger"):
        attachments.add_attachment(user, case.pk, io.BytesIO(b"x" * 2000))
    assert not case.attachments.exists()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")) \
        if settings.MEDIA_ROOT.exists() else True


def test_migration_seals_values_left_in_clear(org, make_user, make_case):
    """Columns that became encrypted keep their old values readable: the migration seals
    them (and leaves already-sealed ones alone)."""
    from django.db import connection

    from tipnet.cases.models import Movement
    from tipnet.lib.migration_helpers import encrypt_existing

    case = make_case(make_user(org, "org_admin"))
    movement = case.movements.get()
    with connection.cursor() as cur:  # as an older version would have stored it
        cur.execute("UPDATE cases_movement SET from_place = %s, departed_on = %s",
                    ["Kathmandu bus park", "2025-01-02"])

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    encrypt_existing("cases_movement", "cases.movement",
                     ["from_place", "to_place", "departed_on"])(None, editor)
    with connection.cursor() as cur:
        cur.execute("SELECT from_place, departed_on FROM cases_movement")
        assert all(v.startswith("tn1:") for v in cur.fetchone())
    movement = Movement.objects.get(pk=movement.pk)
    assert movement.from_place == "Kathmandu bus park"
    assert str(movement.departed_on) == "2025-01-02"
    assert movement.to_place == "Delhi"


def test_ciphertext_copied_from_another_row_does_not_open(org, other_org, make_user, make_case):
    """With write access to the database and an ordinary account in organisation A, copying
    organisation B's sealed narrative into A's own case does not reveal it."""
    from django.db import connection

    from tipnet.cases import services
    from tipnet.lib.crypto import DecryptionError

    mine = make_case(make_user(org, "org_admin"), narrative="ours")
    theirs = make_case(make_user(other_org, "org_admin", username="b_admin"),
                       narrative="their secret narrative")
    table, pk = "cases_case", mine._meta.pk
    with connection.cursor() as cur:
        cur.execute(f"SELECT narrative FROM {table} WHERE id = %s",
                    [pk.get_db_prep_value(theirs.pk, connection)])
        stolen = cur.fetchone()[0]
        cur.execute(f"UPDATE {table} SET narrative = %s WHERE id = %s",
                    [stolen, pk.get_db_prep_value(mine.pk, connection)])
    reread = services.case_detail_queryset().get(pk=mine.pk)
    with pytest.raises(DecryptionError):
        reread.narrative  # noqa: B018


def test_attachment_file_swapped_between_records_does_not_open(org, make_user, make_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tipnet.lib.crypto import DecryptionError

    user = make_user(org, "org_admin")
    case = make_case(user)
    a = attachments.add_attachment(user, case.pk, SimpleUploadedFile("a.txt", b"first"))
    b = attachments.add_attachment(user, case.pk, SimpleUploadedFile("b.txt", b"second"))
    type(a).objects.filter(pk=a.pk).update(blob=b.blob)
    with pytest.raises(DecryptionError):
        attachments.read_attachment(user, case.pk, a.pk)
