"""What referrals do when a case changes under them. Connected in apps.ready(); cases never
imports referrals.

* A consent withdrawn (or a refusal recorded): open referrals the consent no longer covers
  are revoked — on this deployment the receiving organisation had already lost access on its
  next read; a peer is told.
* A case erased: its referrals to peers are revoked there and the packages kept in the
  outbox emptied; its referrals here go with it.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_delete


def _consent_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if instance.withdrawn_at is None and instance.given:
        return
    from . import services

    services.consent_changed(instance.case_id)


def _case_erased(sender: Any, instance: Any, **kwargs: Any) -> None:
    from . import services

    services.case_erased(instance.pk)


def connect() -> None:
    from tipnet.cases.models import Case, ConsentRecord

    post_save.connect(_consent_saved, sender=ConsentRecord,
                      dispatch_uid="referrals.consent_saved")
    pre_delete.connect(_case_erased, sender=Case, dispatch_uid="referrals.case_erased")
