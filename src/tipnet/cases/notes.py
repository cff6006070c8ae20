"""Comments and consent records on a case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.codelists import services as codelists

from .access import as_uuid, get_case
from .models import CaseComment, ConsentRecord
from .validation import CaseDataError


def add_comment(user, case_id: Any, text: Any, *, via: str = "web") -> CaseComment:  # type: ignore[no-untyped-def]
    access = get_case(user, case_id, permission="case.change", via=via)
    if not isinstance(text, str) or not text.strip():
        raise CaseDataError({"text": "a comment cannot be empty"})
    if len(text) > 20_000:
        raise CaseDataError({"text": "is longer than 20000 characters"})
    with transaction.atomic():
        comment = CaseComment.objects.create(case=access.case, author=user, text=text.strip())
        audit.record("create", user=user, object_type="cases.casecomment", object_id=comment.pk,
                     organisation_id=access.case.organisation_id, via=via,
                     detail={"case": str(access.case.pk)})
    return comment


def record_consent(user, case_id: Any, data: dict[str, Any], *, via: str = "web"  # type: ignore[no-untyped-def]
                   ) -> ConsentRecord:
    access = get_case(user, case_id, permission="case.change", via=via)
    errors = {}
    scope = data.get("scope")
    if scope not in codelists.get("consent_scope").labels:
        errors["scope"] = "is not a consent scope"
    given_by = data.get("given_by") or "person"
    if given_by not in codelists.get("consent_given_by").labels:
        errors["given_by"] = "is not in the list"
    given_at = data.get("given_at") or timezone.now()
    if isinstance(given_at, str):
        try:
            given_at = dt.datetime.fromisoformat(given_at)
        except ValueError:
            errors["given_at"] = "is not a date and time"
    if isinstance(given_at, dt.datetime) and timezone.is_naive(given_at):
        given_at = timezone.make_aware(given_at)
    if isinstance(given_at, dt.datetime) and given_at > timezone.now() + dt.timedelta(minutes=5):
        errors["given_at"] = "is in the future"
    given = data.get("given", True)
    if not isinstance(given, bool):
        errors["given"] = "must be true or false"
    organisations = _organisations(data.get("organisations"), scope, errors)
    if errors:
        raise CaseDataError(errors)
    with transaction.atomic():
        consent = ConsentRecord.objects.create(
            case=access.case, scope=scope, given=given, given_by=given_by,
            given_by_name=str(data.get("given_by_name") or "")[:200], recorded_by=user,
            given_at=given_at, notes=str(data.get("notes") or "")[:5000],
            organisations=organisations)
        audit.record("create", user=user, object_type="cases.consentrecord",
                     object_id=consent.pk, organisation_id=access.case.organisation_id, via=via,
                     detail={"case": str(access.case.pk), "scope": scope, "given": given})
    return consent


def _organisations(value: Any, scope: Any, errors: dict[str, str]) -> list[str]:
    """A consent to share may name the organisations it covers (their ids); none: any."""
    if not value:
        return []
    if scope != "share_with_organisations":
        errors["organisations"] = "only a consent to share names organisations"
        return []
    from tipnet.accounts.models import Organisation

    ids = [as_uuid(v) for v in value] if isinstance(value, list) else [None]
    if None in ids or len(ids) > 100:
        errors["organisations"] = "must be a list of organisation ids"
        return []
    known = {str(u) for u in Organisation.objects.filter(uuid__in=ids)
             .values_list("uuid", flat=True)}
    if len(known) != len(set(map(str, ids))):
        errors["organisations"] = "names an organisation that does not exist"
    return sorted(known)


def withdraw_consent(user, case_id: Any, consent_id: Any, *, via: str = "web") -> ConsentRecord:  # type: ignore[no-untyped-def]
    from django.http import Http404

    access = get_case(user, case_id, permission="case.change", via=via)
    pk = as_uuid(consent_id)
    consent = access.case.consents.filter(pk=pk).first() if pk else None
    if consent is None:
        raise Http404("No such consent record.")
    if consent.withdrawn_at is None:
        with transaction.atomic():
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
            audit.record("update", user=user, object_type="cases.consentrecord",
                         object_id=consent.pk, organisation_id=access.case.organisation_id,
                         via=via, detail={"case": str(access.case.pk), "withdrawn": True})
    return consent


def active_consents(case) -> set[str]:  # type: ignore[no-untyped-def]
    """The scopes the person has consented to and not withdrawn (for sharing checks)."""
    return {c.scope for c in case.consents.all() if c.active}
