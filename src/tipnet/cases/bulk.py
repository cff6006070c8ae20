"""Create many cases at once (HTCDS imports, benchmarks): the same records, encryption, blind
indexes and audit entries as ``services.create_case``, in a few queries per batch instead of
a dozen per case.

The caller validates first (``validation.clean_case_data``) and wraps the whole import in one
transaction when it must be all-or-nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from tipnet.audit import services as audit

from . import search
from .access import PermissionDenied
from .models import Alias, Case, CaseSequence, Person
from .services import CASE_FIELDS, CHILD_MODELS, DECISION_FIELDS
from .validation import CaseDataError


def _reserve_references(organisation, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    year = timezone.now().year
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(
        organisation=organisation, year=year)
    first = seq.last + 1
    seq.last += n
    seq.save(update_fields=["last"])
    return [f"{organisation.case_prefix}-{year}-{i:06d}" for i in range(first, first + n)]


def _insert(model: type[models.Model], objs: list[models.Model], chunk: int = 1000) -> None:
    """INSERT rows with executemany: the values go through each field's own
    ``get_db_prep_save`` (so encrypted fields encrypt exactly as in ``save()``), without the
    per-row SQL compilation of ``bulk_create``, which dominates at import scale."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields]
    qn = connection.ops.quote_name
    # Table and column names come from the model, never from input.
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
            for obj in objs]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(sql, rows[start:start + chunk])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def create_many(user, cleaned_items: list[dict[str, Any]], *, via: str = "import",  # type: ignore[no-untyped-def]
                audit_action: str = "create") -> list[Case]:
    """Create one case per cleaned item in the user's organisation; returns the cases."""
    if not user.can("case.create") or not user.can("case.import"):
        raise PermissionDenied("case.import")
    if not user.can("case.decide_status") and any(
            item.get(f) for item in cleaned_items for f in DECISION_FIELDS):
        raise CaseDataError({"trafficking_status": "only a supervisor or organisation "
                             "administrator may decide a trafficking status"})
    org = user.organisation
    team = user.teams.first()
    with transaction.atomic():
        refs = _reserve_references(org, len(cleaned_items))
        persons = [Person(organisation=org, **item["person"]) for item in cleaned_items]
        _insert(Person, persons)
        cases = [Case(organisation=org, person=p, owner=user, created_by=user, team=team,
                      reference=ref, **{f: item[f] for f in CASE_FIELDS if f in item})
                 for item, p, ref in zip(cleaned_items, persons, refs, strict=True)]
        _insert(Case, cases)
        aliases = [Alias(case=c, name=a) for c, item in zip(cases, cleaned_items, strict=True)
                   for a in item.get("aliases", [])]
        _insert(Alias, aliases)
        for name, model in CHILD_MODELS.items():
            rows = []
            for case, item in zip(cases, cleaned_items, strict=True):
                for i, child in enumerate(item.get(name, []), start=1):
                    if name == "movements" and not child.get("sequence"):
                        child = {**child, "sequence": i}
                    rows.append(model(case=case, **child))
            _insert(model, rows)
        digests = []
        for case, item in zip(cases, cleaned_items, strict=True):
            digests += search.digests_from_data(case, item, org)
        _insert(search.SearchDigest, digests)
        audit.record_many(audit_action, user=user, object_type="cases.case",
                          object_ids=[c.pk for c in cases], organisation_id=org.pk, via=via)
    return cases
