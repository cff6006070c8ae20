"""The one place that decides who may see and do what with a case.

Every page, API endpoint, export and command reaches cases through ``visible_cases`` (lists)
or ``get_case`` (one record). A user sees cases their organisation owns, narrowed by their
role's scope: own records, their teams' records, or the whole organisation. A record outside
that gets the same answer as a record that does not exist (404), and the attempt is audited.

Later capabilities (sharing by referral) extend access by registering a *grant provider*
(settings.TIPNET_CASE_GRANT_PROVIDERS, so that this module never imports the apps that extend
it): an object with

- ``visible(user) -> Q``: the extra cases the user may open, and
- ``scope(user, case) -> frozenset[str] | None``: the field groups (see ``sharing``) of that
  case the user may see now, or None if nothing grants it any more (for instance because the
  person withdrew their consent).

A case opened through a grant is read-only and limited to its groups (``CaseAccess.groups``);
it never appears in lists, searches or exports, which cover only the organisation's own cases.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string

from tipnet.audit import services as audit

from .models import Case


class PermissionDenied(Exception):
    """The user can see the case but may not do this to it."""


def deny(user: Any, permission: str, *, via: str, obj: Any = None,
         object_type: str = "cases.case", **detail: Any) -> NoReturn:
    """Audit a refusal for want of ``permission`` (``audit.denied``) and raise
    PermissionDenied: how every service that uses this exception refuses a role."""
    audit.denied(user, permission, via=via, obj=obj,
                 object_type="" if obj is not None else object_type, **detail)
    raise PermissionDenied(permission)


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    permissions: frozenset[str]
    via: str = "organisation"  # or "grant": opened by a grant provider
    # None: the whole case. Otherwise the field groups (code list case_field_group) shared.
    groups: frozenset[str] | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def sees(self, group: str) -> bool:
        return self.groups is None or group in self.groups


@cache
def _grant_providers() -> list[Any]:
    return [import_string(path) for path in getattr(settings, "TIPNET_CASE_GRANT_PROVIDERS", [])]


def has_case_access(user) -> bool:  # type: ignore[no-untyped-def]
    """Platform administrators (staff) never see cases, whatever role they are given, and
    nobody in a suspended organisation does."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser or user.organisation_id is None:
        return False
    return bool(user.organisation.is_active) and user.role_spec.scope != "none"


def _own_scope(user) -> Q:  # type: ignore[no-untyped-def]
    spec = user.role_spec
    if not has_case_access(user):
        return Q(pk__in=[])
    q = Q(organisation_id=user.organisation_id)
    if spec.scope == "organisation":
        return q
    mine = Q(owner_id=user.pk) | Q(created_by_id=user.pk)
    if spec.scope == "team":
        team_ids = list(user.teams.values_list("pk", flat=True))
        return q & (mine | Q(team_id__in=team_ids))
    return q & mine


def visibility(user) -> Q:  # type: ignore[no-untyped-def]
    if not has_case_access(user):
        return Q(pk__in=[])
    return _own_scope(user)


def _granted(user) -> Q:  # type: ignore[no-untyped-def]
    """Cases shared with the user by the grant providers (never deleted ones)."""
    q = Q(pk__in=[])
    if has_case_access(user):
        for provider in _grant_providers():
            q |= provider.visible(user)
    return q & Q(deleted_at__isnull=True)


def visible_cases(user, include_deleted: bool = False) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """The cases the user may list, search and export: their organisation's, within their
    role's scope. Cases shared with them are opened one at a time, by ``get_case``."""
    qs = Case.objects.filter(visibility(user))
    if not include_deleted:
        qs = qs.filter(deleted_at__isnull=True)
    return qs


def as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def _shared_groups(user, case: Case) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    groups: set[str] = set()
    granted = False
    for provider in _grant_providers():
        scope = provider.scope(user, case)
        if scope is not None:
            granted = True
            groups |= scope
    return frozenset(groups) if granted else None


def get_case(user, case_id: Any, *, permission: str = "case.view", via: str = "web",  # type: ignore[no-untyped-def]
             include_deleted: bool = False, group: str | None = None) -> CaseAccess:
    """Return the case with what the user may do, or raise Http404 (audited as a denial).

    ``permission`` is what the caller is about to do; a visible case the user's role may not
    do that to raises ``PermissionDenied`` (also audited). ``group`` is the field group the
    caller is about to show (attachments, identification...): a case shared without it is
    answered like a case that does not exist. ``group="own"`` asks for the organisation's own
    access (the access log, for instance, is never shared)."""
    pk = as_uuid(case_id)
    case = None
    shared: frozenset[str] | None = None
    if pk is not None:
        related = ("person", "organisation", "owner", "team")
        case = (visible_cases(user, include_deleted=include_deleted)
                .select_related(*related).filter(pk=pk).first())
        if case is None and _grant_providers():
            # Not the organisation's own: perhaps shared with it, in some field groups.
            case = Case.objects.filter(_granted(user), pk=pk).select_related(*related).first()
            if case is not None:
                shared = _shared_groups(user, case)
                if shared is None or (group is not None and group not in shared):
                    case = None
    if case is None:
        # Only a well-formed id is logged: whatever else was typed may be personal data.
        audit.record("denied", user=user, object_type="cases.case",
                     object_id=str(pk) if pk is not None else "",
                     organisation_id=getattr(user, "organisation_id", None), via=via,
                     detail={"wanted": permission, "reason": "not visible",
                             **({} if pk is not None else {"malformed_id": True})})
        raise Http404("No such case.")
    if shared is None:
        access = CaseAccess(case=case, permissions=frozenset(user.role_spec.permissions))
    else:
        # Shared with the user's organisation: reading only, and only the groups shared.
        access = CaseAccess(case=case, via="grant", groups=shared,
                            permissions=frozenset({"case.view"}) & user.role_spec.permissions)
    perms = access.permissions
    if permission not in perms:
        deny(user, permission, via=via, obj=case)
    return access
