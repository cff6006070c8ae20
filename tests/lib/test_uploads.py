"""Large uploads never touch the disk in clear."""

import os

import pytest

from tipnet.lib.uploads import EncryptedSpool, EncryptedTemporaryFileUploadHandler

SECRET = b"PASSPORT NO. ZQ4455667 Zelphira Quixbottom "


@pytest.fixture
def spool_dir(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def _disk_bytes(spool):
    spool._file.seek(0)
    return spool._file.read()


def test_spool_is_encrypted_on_disk_and_reads_back_anywhere(spool_dir):
    spool = EncryptedSpool()
    data = SECRET * 50_000  # 2.2 MB
    for i in range(0, len(data), 65_536):
        spool.write(data[i:i + 65_536])
    assert SECRET not in _disk_bytes(spool)
    assert b"Zelphira" not in _disk_bytes(spool)
    assert not os.listdir(spool_dir)  # unlinked: no name on disk either
    spool.seek(0)
    assert spool.read() == data
    spool.seek(123_457)
    assert spool.read(1000) == data[123_457:124_457]


def test_handler_keeps_nothing_past_the_limit_and_reports_the_size(spool_dir, settings):
    settings.TIPNET_MAX_UPLOAD_BYTES = 1000
    handler = EncryptedTemporaryFileUploadHandler()
    handler.new_file("file", "a.pdf", "application/pdf", 5000)
    for start in range(0, 5000, 500):
        handler.receive_data_chunk(b"x" * 500, start)
    upload = handler.file_complete(5000)
    assert upload.size == 5000  # so the view refuses it as too large
    assert handler.spool.size == 1000  # and no more than the limit was ever stored


@pytest.mark.django_db
def test_large_attachment_round_trip_through_the_page(verified_client, caseworker, make_case,
                                                      spool_dir, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # force the disk spool
    case = make_case(caseworker)
    client = verified_client(caseworker)
    content = SECRET * 1000
    client.post(f"/cases/{case.pk}/attachments/",
                {"file": SimpleUploadedFile("scan.pdf", content), "description": ""})
    att = case.attachments.get()
    assert client.get(f"/cases/{case.pk}/attachments/{att.pk}/").content == content
