"""The tamper-evident audit log.

Entries are append-only: the model refuses updates and deletes, the admin is read-only, and on
PostgreSQL a trigger refuses UPDATE and DELETE at the database itself. Each entry carries an
HMAC (keyed with TIPNET_AUDIT_KEY, which is not in the database) over its own content and the
previous entry's MAC, so an edited, inserted or removed entry breaks the chain from that point:
``tipnet verify_audit`` names the first one.

Entries hold no personal data (ids, codes and counts only), so an erasure never needs to touch
them.
"""

from __future__ import annotations

from django.db import models


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries cannot be changed")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True, help_text="Position in the chain, from 1.")
    at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=32)
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(
        max_length=64, blank=True,
        help_text="The record the entry is about in the end (a case, for its comments, "
                  "consents and files): what a record's access log lists.")
    via = models.CharField(max_length=8, blank=True, help_text="web, api, cli or system")
    detail = models.JSONField(default=dict, blank=True)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"
        # object_id is found with its type (the first index); no LIKE indexes (db_index on
        # a CharField adds one on PostgreSQL): each index is upkeep on every entry appended.
        indexes = [models.Index(fields=["object_type", "object_id", "seq"]),
                   models.Index(fields=["subject_id", "seq"]),
                   models.Index(fields=["action"], name="audit_action_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id} by {self.username}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("audit entries cannot be deleted")


class ChainHead(models.Model):
    """One row, locked while an entry is appended, so that entries chain in one order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain head at #{self.seq}"
