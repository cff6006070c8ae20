"""What the rest of tipnet (pages, API, HTCDS exchange, later capabilities) may do with cases.

Every function takes the acting user, checks access through ``tipnet.cases.access``, and
writes the audit entry in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tipnet.audit import services as audit

from . import search
from .access import CaseAccess, PermissionDenied, deny, get_case, visible_cases
from .models import Alias, Case, CaseSequence, Movement, Person
from .rows import CASE_FIELDS, CHILD_MODELS
from .search import region_of
from .validation import CaseDataError, clean_case_data

__all__ = [
    "CaseAccess", "CaseDataError", "PermissionDenied", "create_case", "deny", "update_case",
    "open_case", "find_cases", "delete_case", "restore_case", "erase_case", "get_case",
    "visible_cases", "CHILD_MODELS", "case_detail_queryset", "create_many", "deleted_cases",
    "assign_case", "hand_over", "region_of",
]

DECISION_FIELDS = ("trafficking_status", "status_decided_by")


def next_reference(organisation) -> str:  # type: ignore[no-untyped-def]
    year = timezone.now().year
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(
        organisation=organisation, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{organisation.case_prefix}-{year}-{seq.last:06d}"


def _check_team(user, team_id: int | None) -> None:  # type: ignore[no-untyped-def]
    if team_id is None:
        return
    if not user.organisation.teams.filter(pk=team_id).exists():
        raise CaseDataError({"team_id": "is not a team of your organisation"})


DECISION_REFUSED = ("only a supervisor or organisation administrator may decide a "
                    "trafficking status")


def check_may_decide(user, decides: bool) -> None:  # type: ignore[no-untyped-def]
    """A trafficking status is decided only by roles with case.decide_status."""
    if decides and not user.can("case.decide_status"):
        raise CaseDataError({"trafficking_status": DECISION_REFUSED})


def audit_decision(user, case_id: Any, organisation_id: int, status: str,  # type: ignore[no-untyped-def]
                   decided_by: str, via: str) -> None:
    audit.record("decision", user=user, object_type="cases.case", object_id=case_id,
                 organisation_id=organisation_id, via=via,
                 detail={"trafficking_status": status, "decided_by": decided_by})


def child_objects(name: str, case: Case, items: list[dict[str, Any]]) -> list[Any]:
    """Unsaved parts of ``case`` from cleaned items; movements are numbered in order."""
    model = CHILD_MODELS[name]
    return [model(case=case, **({**item, "sequence": i}
                                if name == "movements" and not item.get("sequence") else item))
            for i, item in enumerate(items, start=1)]


def _write_children(case: Case, data: dict[str, Any]) -> None:
    if "aliases" in data:
        case.aliases.all().delete()
        Alias.objects.bulk_create([Alias(case=case, name=a) for a in data["aliases"]])
    for name, model in CHILD_MODELS.items():
        if name in data:
            model.objects.filter(case=case).delete()
            model.objects.bulk_create(child_objects(name, case, data[name]))


def create_case(user, data: Any, *, via: str = "web") -> Case:  # type: ignore[no-untyped-def]
    """Create a case (and its person) in the user's organisation. Raises CaseDataError."""
    if not user.can("case.create"):
        deny(user, "case.create", via=via)
    cleaned = clean_case_data(data)
    return create_cleaned(user, cleaned, via=via)


def create_cleaned(user, cleaned: dict[str, Any], *, via: str,  # type: ignore[no-untyped-def]
                    audit_action: str = "create") -> Case:
    check_may_decide(user, any(cleaned.get(f) for f in DECISION_FIELDS))
    _check_team(user, cleaned.get("team_id"))
    with transaction.atomic():
        person = Person.objects.create(organisation=user.organisation, **cleaned["person"])
        case = Case(
            organisation=user.organisation, person=person, owner=user, created_by=user,
            reference=next_reference(user.organisation), team_id=cleaned.get("team_id"),
            **{f: cleaned[f] for f in CASE_FIELDS if f in cleaned},
        )
        if case.team_id is None:
            case.team = user.teams.first()
        case.save()
        _write_children(case, cleaned)
        search.reindex(case)
        audit.record(audit_action, user=user, obj=case, via=via,
                     detail={"reference": case.reference})
        if case.trafficking_status:
            audit_decision(user, case.pk, case.organisation_id, case.trafficking_status,
                           case.status_decided_by, via)
    return case


def update_case(user, case_id: Any, data: Any, *, via: str = "web") -> Case:  # type: ignore[no-untyped-def]
    """Change the fields given (lists given are replaced whole). Raises CaseDataError."""
    access = get_case(user, case_id, permission="case.change", via=via)
    cleaned = clean_case_data(data, partial=True)
    case = access.case
    changed: list[str] = []
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("person", "organisation").get(
            pk=case.pk)
        if "person" in cleaned:
            for key, value in cleaned["person"].items():
                if getattr(case.person, key) != value:
                    setattr(case.person, key, value)
                    changed.append(f"person.{key}")
            case.person.save()
        decision = False
        for key in CASE_FIELDS:
            if key in cleaned and getattr(case, key) != cleaned[key]:
                if key in DECISION_FIELDS:
                    decision = True
                setattr(case, key, cleaned[key])
                changed.append(key)
        check_may_decide(user, decision)
        if "team_id" in cleaned:
            _check_team(user, cleaned["team_id"])
            case.team_id = cleaned["team_id"]
            changed.append("team_id")
        case.save()
        _write_children(case, cleaned)
        changed += [k for k in ("aliases", *CHILD_MODELS) if k in cleaned]
        search.reindex(case)
        audit.record("update", user=user, obj=case, via=via, detail={"fields": changed})
        if decision:
            audit_decision(user, case.pk, case.organisation_id, case.trafficking_status,
                           case.status_decided_by, via)
    return case


def case_detail_queryset() -> QuerySet[Case]:
    return Case.objects.select_related("person", "organisation", "owner", "team").prefetch_related(
        "aliases", "documents", "contacts", "movements", "perpetrators",
        "consents", Prefetch("comments"), "attachments")


def open_case(user, case_id: Any, *, via: str = "web",  # type: ignore[no-untyped-def]
              include_deleted: bool = False) -> CaseAccess:
    """Read a whole case for display; audited as a view."""
    access = get_case(user, case_id, via=via, include_deleted=include_deleted)
    case = case_detail_queryset().get(pk=access.case.pk)
    audit.record("view", user=user, obj=case, via=via)
    return CaseAccess(case=case, permissions=access.permissions, via=access.via,
                      groups=access.groups)


FILTERS = ("q", "name", "alias", "phone", "email", "document", "status", "trafficking_status",
           "exploitation_type", "country", "citizenship", "identified_from", "identified_to",
           "created_from", "created_to")


def find_cases(user, params: dict[str, Any], *, via: str = "web") -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Cases visible to the user matching the filters. Raises CaseDataError on bad filters.

    The audit entry records which filters were used, never their values (a searched name is
    personal data)."""
    qs = visible_cases(user)
    region = user.organisation.country.code if user.organisation_id else ""
    errors: dict[str, str] = {}
    used = sorted(k for k in FILTERS if params.get(k))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(reference__iexact=q) | search.matching("name", q)
                       | search.matching("phone", q, region) | search.matching("email", q)
                       | search.matching("document", q))
    for key, kind in (("name", "name"), ("alias", "name"), ("phone", "phone"),
                      ("email", "email"), ("document", "document")):
        if params.get(key):
            qs = qs.filter(search.matching(kind, str(params[key]), region))
    for key, field in (("status", "status"), ("trafficking_status", "trafficking_status")):
        if params.get(key):
            qs = qs.filter(**{field: params[key]})
    if params.get("exploitation_type"):
        qs = qs.filter(exploitation_types__has=params["exploitation_type"])
    if params.get("country"):
        code = str(params["country"]).upper()
        # EXISTS, not IN: an IN list of every case that ever went to a big destination
        # country is too large to hash, and the database would rescan it per case.
        qs = qs.filter(Q(country=code) | Q(Exists(Movement.objects.filter(
            case_id=OuterRef("pk"), to_country=code))))
    if params.get("citizenship"):
        qs = qs.filter(person__citizenship__has=str(params["citizenship"]).upper())
    for key, lookup in (("identified_from", "identified_on__gte"),
                        ("identified_to", "identified_on__lte"),
                        ("created_from", "created_at__date__gte"),
                        ("created_to", "created_at__date__lte")):
        if params.get(key):
            try:
                qs = qs.filter(**{lookup: dt.date.fromisoformat(str(params[key]))})
            except ValueError:
                errors[key] = "is not a date (YYYY-MM-DD)"
    if errors:
        raise CaseDataError(errors)
    audit.record("search" if used else "list", user=user, object_type="cases.case", via=via,
                 detail={"filters": used})
    return qs.select_related("person").order_by("-created_at", "-reference")


def delete_case(user, case_id: Any, *, via: str = "web") -> Case:  # type: ignore[no-untyped-def]
    """Soft delete: hidden from everyone, restorable by an organisation administrator."""
    access = get_case(user, case_id, permission="case.delete", via=via)
    with transaction.atomic():
        case = access.case
        case.deleted_at = timezone.now()
        case.deleted_by = user
        case.save(update_fields=["deleted_at", "deleted_by"])
        audit.record("delete", user=user, obj=case, via=via)
    return case


def restore_case(user, case_id: Any, *, via: str = "web") -> Case:  # type: ignore[no-untyped-def]
    access = get_case(user, case_id, permission="case.restore", via=via, include_deleted=True)
    with transaction.atomic():
        case = access.case
        case.deleted_at = None
        case.deleted_by = None
        case.save(update_fields=["deleted_at", "deleted_by"])
        audit.record("restore", user=user, obj=case, via=via)
    return case


def deleted_cases(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    if not user.can("case.restore"):
        return Case.objects.none()
    return visible_cases(user, include_deleted=True).filter(
        deleted_at__isnull=False).select_related("person")


def erase_case(user, case_id: Any, *, request_reference: str, confirm_reference: str,  # type: ignore[no-untyped-def]
               via: str = "web") -> str:
    """Data-protection erasure: remove the case, its person and every part of it for good.

    The caller must type the case reference to confirm, and give the reference of the
    erasure request (not a name). The audit log keeps that an erasure happened, by whom and
    for which request; it never held the personal data itself."""
    access = get_case(user, case_id, permission="case.erase", via=via, include_deleted=True)
    case = access.case
    if confirm_reference.strip() != case.reference:
        raise CaseDataError({"confirm_reference": "does not match the case reference"})
    request_reference = request_reference.strip()
    if not request_reference or len(request_reference) > 64:
        raise CaseDataError({"request_reference": "give the erasure request's reference "
                                                  "(at most 64 characters)"})
    from .attachments import delete_blob

    reference = case.reference
    with transaction.atomic():
        blobs = list(case.attachments.values_list("blob", flat=True))
        person = case.person
        audit.record("erase", user=user, obj=case, via=via,
                     detail={"reference": reference, "request": request_reference})
        case.delete()
        person.delete()
        transaction.on_commit(lambda: [delete_blob(b) for b in blobs])
    return reference


def create_many(user, cleaned_items, *, via: str = "import", audit_action: str = "create"):  # type: ignore[no-untyped-def]
    """Bulk creation for imports: see tipnet.cases.bulk."""
    from .bulk import create_many as _create_many

    return _create_many(user, cleaned_items, via=via, audit_action=audit_action)


def assign_case(user, case_id: Any, *, owner_id: Any, team_id: int | None = None,  # type: ignore[no-untyped-def]
                via: str = "web") -> Case:
    """Give a case to another member (and optionally team) of the organisation."""
    access = get_case(user, case_id, permission="case.assign", via=via)
    owner = get_user_model().objects.filter(pk=owner_id if str(owner_id).isdigit() else None,
                                organisation_id=access.case.organisation_id,
                                is_active=True).first()
    if owner is None:
        raise CaseDataError({"owner": "is not an active member of your organisation"})
    _check_team(user, team_id)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=access.case.pk)
        case.owner = owner
        if team_id is not None:
            case.team_id = team_id
        case.save(update_fields=["owner", "team", "updated_at"])
        audit.record("assign", user=user, obj=case, via=via,
                     detail={"owner": owner.pk, "team": case.team_id})
    return case


def cases_sharing_digests(user, pairs: list[tuple[str, str]]) -> list[tuple[Case, list[str]]]:  # type: ignore[no-untyped-def]
    """Cases the user may list whose blind index holds any of these (kind, digest) pairs
    (digests made under the primary key, e.g. by intake from a tip's phone numbers), with
    the kinds they share. Not audited here: the caller audits what it shows."""
    from .models import SearchDigest

    wanted = set(pairs)
    if not wanted:
        return []
    shared: dict[Any, set[str]] = {}
    for row in SearchDigest.objects.filter(
            digest__in={d for _, d in wanted},
            case__in=visible_cases(user)).values("case_id", "kind", "digest")[:500]:
        if (row["kind"], row["digest"]) in wanted:
            shared.setdefault(row["case_id"], set()).add(row["kind"])
    found = Case.objects.filter(pk__in=list(shared)).select_related("person")
    return [(c, sorted(shared[c.pk])) for c in found]


def assignable_members(case: Case) -> list[Any]:
    return list(get_user_model().objects.filter(organisation_id=case.organisation_id,
                                                is_active=True).order_by("username"))


def hand_over(case_id: Any, organisation: Any, *, owner: Any, via: str) -> Case:
    """Move a case, its person and all its parts to another organisation, owned there by
    ``owner``. Called only by the referrals app when the receiving organisation accepts a
    transfer that a user of the sending organisation with ``case.transfer`` sent; the sending
    organisation loses all access. Audited in both organisations."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("person").get(pk=case_id)
        previous = case.organisation_id
        case.organisation = organisation
        case.owner = owner
        case.team = None
        case.save(update_fields=["organisation", "owner", "team", "updated_at"])
        case.person.organisation = organisation
        case.person.save(update_fields=["organisation", "updated_at"])
        for org_id in (previous, organisation.pk):
            audit.record("transfer", user=owner, object_type="cases.case", object_id=case.pk,
                         organisation_id=org_id, subject_id=case.pk, via=via,
                         detail={"from": previous, "to": organisation.pk})
    return case
