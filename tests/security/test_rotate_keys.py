import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tipnet.cases import attachments, services
from tipnet.cases.models import SearchDigest
from tipnet.lib.crypto import generate_key_spec

pytestmark = pytest.mark.django_db


def _raw_values():
    with connection.cursor() as cur:
        cur.execute("SELECT given_name, family_name FROM cases_person")
        return [v for row in cur.fetchall() for v in row if v]


def test_rotation_reencrypts_everything_and_search_keeps_working(org, make_user, make_case,
                                                               settings, capsys):
    user = make_user(org, "org_admin")
    case = make_case(user)
    attachments.add_attachment(user, case.pk, SimpleUploadedFile("a.txt", b"evidence"))
    old = list(settings.TIPNET_DATA_KEYS)
    old_kid = old[0].split(":")[0]
    assert all(v.startswith(f"tn1:{old_kid}:") for v in _raw_values())

    # Step 1: a new key goes first; the old one stays so everything still opens.
    settings.TIPNET_DATA_KEYS = [generate_key_spec("k2"), *old]
    assert services.find_cases(user, {"name": "Testa"}).count() == 1  # old digests still match
    with pytest.raises(CommandError, match="not complete"):
        call_command("rotate_keys", "--check")

    # Step 2: rotate. Everything is now under k2, and search still works.
    call_command("rotate_keys")
    assert all(v.startswith("tn1:k2:") for v in _raw_values())
    assert set(SearchDigest.objects.values_list("key_id", flat=True)) == {"k2"}
    call_command("rotate_keys", "--check")
    assert "everything is under the primary key" in capsys.readouterr().out

    # Step 3: the old key can go; data, search and attachments still work without it.
    settings.TIPNET_DATA_KEYS = settings.TIPNET_DATA_KEYS[:1]
    found = services.find_cases(user, {"phone": "+977 984 1234567"})
    assert list(found) == [case]
    opened = services.open_case(user, case.pk).case
    assert opened.person.given_name == "Testa"
    assert opened.documents.get().number == "PA 99887766"
    _, data = attachments.read_attachment(user, case.pk, opened.attachments.get().pk)
    assert data == b"evidence"


def test_rotation_is_resumable_and_idempotent(org, make_user, make_case, settings):
    user = make_user(org, "org_admin")
    make_case(user)
    settings.TIPNET_DATA_KEYS = [generate_key_spec("k3"), *settings.TIPNET_DATA_KEYS]
    call_command("rotate_keys")
    before = _raw_values()
    call_command("rotate_keys")  # nothing left to do: nothing rewritten
    assert _raw_values() == before


def test_without_the_old_key_data_does_not_open(org, make_user, make_case, settings):
    from tipnet.lib.crypto import DecryptionError

    user = make_user(org, "org_admin")
    case = make_case(user)
    settings.TIPNET_DATA_KEYS = [generate_key_spec("other")]
    opened = services.open_case(user, case.pk).case
    with pytest.raises(DecryptionError):
        opened.person.given_name  # noqa: B018 - values open when they are read


def test_rotation_ends_and_removes_blind_index_rows_whose_case_is_gone(org, make_user,
                                                                      make_case, settings):
    """The blind index has no database foreign key (decision 29): a row left by a case
    deleted outside Django must neither hang rotation nor outlive it."""
    import uuid

    user = make_user(org, "org_admin")
    make_case(user)
    old_kid = settings.TIPNET_DATA_KEYS[0].split(":")[0]
    SearchDigest.objects.create(case_id=uuid.uuid4(), kind="name", digest="0" * 32,
                                key_id=old_kid)
    settings.TIPNET_DATA_KEYS = [generate_key_spec("k4"), *settings.TIPNET_DATA_KEYS]
    call_command("rotate_keys")
    assert set(SearchDigest.objects.values_list("key_id", flat=True)) == {"k4"}
    assert not SearchDigest.objects.filter(digest="0" * 32).exists()
    call_command("rotate_keys", "--check")
