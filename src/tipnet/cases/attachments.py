"""Attachments: encrypted before they touch the disk, checked on the way back."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from tipnet.audit import services as audit
from tipnet.lib.keys import keyring

from .access import as_uuid, get_case
from .models import Attachment
from .validation import CaseDataError


def blob_context(attachment_id: Any) -> str:
    """Associated data of a stored file: bound to its attachment record, so a file swapped
    for another record's (with the database and the storage in hand) does not open."""
    return f"cases.attachment.blob:{attachment_id}"


def _read_limited(upload: Any) -> bytes:
    limit = settings.TIPNET_MAX_ATTACHMENT_BYTES
    if getattr(upload, "size", 0) and upload.size > limit:
        raise CaseDataError({"file": f"is larger than {limit // (1024 * 1024)} MB"})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CaseDataError({"file": f"is larger than {limit // (1024 * 1024)} MB"})
    return data


def add_attachment(user, case_id: Any, upload: Any, description: str = "",  # type: ignore[no-untyped-def]
                   *, via: str = "web") -> Attachment:
    access = get_case(user, case_id, permission="case.attach", via=via)
    data = _read_limited(upload)
    if not data:
        raise CaseDataError({"file": "is empty"})
    name = (getattr(upload, "name", "") or "attachment").rsplit("/", 1)[-1][:200]
    att = Attachment(case=access.case, uploaded_by=user, filename=name,
                     content_type=(getattr(upload, "content_type", "")
                                   or "application/octet-stream")[:100],
                     size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     description=description[:2000])
    sealed = keyring().encrypt_bytes(data, blob_context(att.pk))
    stored = default_storage.save(f"attachments/{secrets.token_hex(16)}.bin", ContentFile(sealed))
    att.blob = stored
    try:
        with transaction.atomic():
            att.save(force_insert=True)
            audit.record("create", user=user, object_type="cases.attachment", object_id=att.pk,
                         organisation_id=access.case.organisation_id, via=via,
                         detail={"case": str(access.case.pk), "size": len(data)})
    except Exception:
        default_storage.delete(stored)
        raise
    return att


def read_attachment(user, case_id: Any, attachment_id: Any, *, via: str = "web"  # type: ignore[no-untyped-def]
                    ) -> tuple[Attachment, bytes]:
    from django.http import Http404

    access = get_case(user, case_id, via=via, group="attachments")
    pk = as_uuid(attachment_id)
    att = access.case.attachments.filter(pk=pk).first() if pk else None
    if att is None:
        raise Http404("No such attachment.")
    with default_storage.open(att.blob, "rb") as fh:
        data = keyring().decrypt_bytes(fh.read(), blob_context(att.pk))
    if hashlib.sha256(data).hexdigest() != att.sha256:
        raise ValueError("attachment failed its integrity check")
    audit.record("download", user=user, object_type="cases.attachment", object_id=att.pk,
                 organisation_id=access.case.organisation_id, via=via,
                 detail={"case": str(access.case.pk)})
    return att, data


def delete_blob(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
