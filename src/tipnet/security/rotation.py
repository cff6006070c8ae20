"""Re-encrypt everything under the primary data key, in small batches, while tipnet runs.

How a rotation goes (docs/security.md): put a new key first in TIPNET_DATA_KEYS and keep the
old one after it; restart (both keys now open, the new one seals); run ``tipnet rotate_keys``;
when ``tipnet rotate_keys --check`` reports nothing left under old keys, remove the old key.
Each batch is its own short transaction, so pages keep working, and a stopped rotation just
resumes where values are still under an old key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Cast

from tipnet.lib.fields import encrypted_fields
from tipnet.lib.keys import keyring

BATCH = 500


@dataclass
class RotationReport:
    values: dict[str, int] = field(default_factory=dict)  # model label -> rows re-encrypted
    cases_reindexed: int = 0
    contacts_reindexed: int = 0
    blobs: int = 0

    @property
    def total(self) -> int:
        return (sum(self.values.values()) + self.cases_reindexed + self.contacts_reindexed
                + self.blobs)


def encrypted_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if encrypted_fields(m)]


def _stale_rows(model: type[models.Model]) -> models.QuerySet:
    """Rows with at least one value sealed under a key other than the primary."""
    ring = keyring()
    prefix = f"tn1:{ring.primary.kid}:"
    q = models.Q()
    for f in encrypted_fields(model):
        raw = f"_raw_{f.name}"
        q |= (models.Q(**{f"{raw}__startswith": "tn1:"})
              & ~models.Q(**{f"{raw}__startswith": prefix}))
    annotations = {f"_raw_{f.name}": Cast(f.name, output_field=models.TextField())
                   for f in encrypted_fields(model)}
    return model._default_manager.annotate(**annotations).filter(q)


def _batches(qs: models.QuerySet) -> Iterator[list]:
    last = None
    while True:
        page = qs.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def count_stale() -> dict[str, int]:
    out = {m._meta.label: _stale_rows(m).count() for m in encrypted_models()}
    SearchDigest = apps.get_model("cases", "SearchDigest")
    out["cases.SearchDigest"] = SearchDigest.objects.exclude(
        key_id=keyring().primary.kid).count()
    ContactEntity = apps.get_model("intake", "ContactEntity")
    out["intake.ContactEntity"] = ContactEntity.objects.exclude(key_id="").exclude(
        key_id=keyring().primary.kid).count()
    Message = apps.get_model("intake", "Message")
    out["intake.Message"] = Message.objects.exclude(party_digest="").exclude(
        key_id=keyring().primary.kid).count()
    Attachment = apps.get_model("cases", "Attachment")
    out["attachment files"] = sum(1 for a in Attachment.objects.only("blob").iterator()
                                  if not _blob_is_current(a.blob))
    return {k: v for k, v in out.items() if v}


def _blob_is_current(name: str) -> bool:
    with default_storage.open(name, "rb") as fh:
        head = fh.read(32)
    return keyring().sealed_with_primary(head)


def rotate(progress: Callable[[str, int], None] | None = None) -> RotationReport:
    report = RotationReport()
    step = progress or (lambda label, n: None)
    for model in encrypted_models():
        names = [f.name for f in encrypted_fields(model)]
        for rows in _batches(_stale_rows(model)):
            with transaction.atomic():
                # Read under a row lock (an edit made meanwhile is not overwritten with the
                # older value), decrypted with whichever key sealed it; saved, sealed with
                # the primary.
                for obj in model._default_manager.select_for_update().filter(
                        pk__in=[r.pk for r in rows]):
                    for name in names:  # open each value: saving seals it again, with the
                        setattr(obj, name, getattr(obj, name))  # primary key, for this row
                    obj.save(update_fields=names)
            report.values[model._meta.label] = report.values.get(model._meta.label, 0) + len(rows)
            step(model._meta.label, len(rows))
    report.cases_reindexed = _reindex_stale_cases(step)
    report.contacts_reindexed = _reindex_stale_contacts(step)
    report.blobs = _reseal_blobs(step)
    return report


def _reindex_stale_cases(step: Callable[[str, int], None]) -> int:
    from tipnet.cases import search
    from tipnet.cases.models import Case, SearchDigest

    primary = keyring().primary.kid
    done = 0
    while True:
        ids = list(SearchDigest.objects.exclude(key_id=primary)
                   .values_list("case_id", flat=True).distinct()[:BATCH])
        if not ids:
            return done
        for case_id in ids:
            with transaction.atomic():
                # Locked like an edit would lock it, so the index matches the case's data.
                case = (Case.objects.select_for_update().select_related("person", "organisation")
                        .filter(pk=case_id).first())
                if case is not None:
                    search.reindex(case)
                else:  # left by a case deleted without Django (the index has no foreign
                    # key, decision 29): keyed hashes of a person's values, of no use to anyone
                    SearchDigest.objects.filter(case_id=case_id).delete()
        done += len(ids)
        step("search index", len(ids))


def _reindex_stale_contacts(step: Callable[[str, int], None]) -> int:
    """Hotline contacts' entity digests (and text bands), made again under the primary key
    from the contacts' (already re-encrypted) text."""
    from tipnet.intake import services as intake
    from tipnet.intake.models import ContactEntity

    primary = keyring().primary.kid
    done = 0
    while True:
        ids = list(ContactEntity.objects.exclude(key_id="").exclude(key_id=primary)
                   .values_list("contact_id", flat=True).distinct()[:BATCH])
        if not ids:
            break
        for contact_id in ids:
            intake.reindex(contact_id)
        done += len(ids)
        step("hotline contacts", len(ids))
    # and the conversations' sender digests
    from tipnet.intake import messaging
    from tipnet.intake.models import Message

    while True:
        ids = list(Message.objects.exclude(party_digest="").exclude(key_id=primary)
                   .values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        for message_id in ids:
            messaging.reindex(message_id)
        step("conversations", len(ids))


def _reseal_blobs(step: Callable[[str, int], None]) -> int:
    from tipnet.cases.attachments import blob_context
    from tipnet.cases.models import Attachment

    ring = keyring()
    done = 0
    for pk in Attachment.objects.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            # Locked, so an erasure waits for (or wins against) the reseal; the old file is
            # removed only once the new name is committed.
            att = Attachment.objects.select_for_update().filter(pk=pk).only("blob").first()
            if att is None or _blob_is_current(att.blob):
                continue
            with default_storage.open(att.blob, "rb") as fh:
                data = ring.decrypt_bytes(fh.read(), blob_context(pk))
            new_name = default_storage.save(att.blob, ContentFile(
                ring.encrypt_bytes(data, blob_context(pk))))
            old = att.blob
            Attachment.objects.filter(pk=pk).update(blob=new_name)
            transaction.on_commit(lambda old=old: default_storage.delete(old))
        done += 1
        step("attachment files", 1)
    return done
