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
from tipnet.lib.bulk_sql import insert_rows
from tipnet.lib.fields import EncryptedTextField
from tipnet.lib.multicode import MultiCodeField

from . import search
from .access import PermissionDenied
from .models import Alias, Case, CaseSequence, Person
from .services import (
    CASE_FIELDS,
    CHILD_MODELS,
    DECISION_FIELDS,
    audit_decision,
    check_may_decide,
    child_objects,
)


def _reserve_references(organisation, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    year = timezone.now().year
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(
        organisation=organisation, year=year)
    first = seq.last + 1
    seq.last += n
    seq.save(update_fields=["last"])
    return [f"{organisation.case_prefix}-{year}-{i:06d}" for i in range(first, first + n)]


_PLAIN = {"CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField",
          "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField"}


def _converter(field: models.Field):  # type: ignore[no-untyped-def]
    """How one field's Python value becomes a database value, decided once per field.
    Encrypted fields are sealed by ``_insert`` itself: they need the instance."""
    if isinstance(field, MultiCodeField):
        return field.get_prep_value
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return None  # filled with the batch's timestamp below
    if field.get_internal_type() in _PLAIN:
        return _identity
    return lambda value: field.get_db_prep_save(value, connection)


def _identity(value):  # type: ignore[no-untyped-def]
    return value


def _insert(model: type[models.Model], objs: list[models.Model], chunk: int = 1000) -> None:
    """INSERT rows with executemany. Encrypted fields go through their own
    ``get_prep_value`` (so they encrypt exactly as in ``save()``); this skips the per-row SQL
    compilation of ``bulk_create``, which dominates at import scale."""
    if not objs:
        return
    # Auto-increment keys are left to the database; tipnet's records have UUID keys.
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    plan = [(f.attname, f if isinstance(f, EncryptedTextField) else None,
             None if isinstance(f, EncryptedTextField) else _converter(f)) for f in fields]
    rows = []
    for obj in objs:
        values = obj.__dict__  # every concrete field is set here by Model.__init__
        rows.append([sealing.seal(values[attname], obj) if sealing is not None
                     else now if convert is None else convert(values[attname])
                     for attname, sealing, convert in plan])
    insert_rows(connection, model._meta.db_table, [f.column for f in fields], rows, chunk)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _insert_digests(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    insert_rows(connection, search.SearchDigest._meta.db_table,
                ["case_id", "kind", "digest", "key_id"], rows)


def create_many(user, cleaned_items: list[dict[str, Any]], *, via: str = "import",  # type: ignore[no-untyped-def]
                audit_action: str = "create") -> list[Case]:
    """Create one case per cleaned item in the user's organisation; returns the cases."""
    if not user.can("case.create") or not user.can("case.import"):
        raise PermissionDenied("case.import")
    check_may_decide(user, any(item.get(f) for item in cleaned_items for f in DECISION_FIELDS))
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
            _insert(model, [obj for case, item in zip(cases, cleaned_items, strict=True)
                            for obj in child_objects(name, case, item.get(name, []))])
        pk_field = Case._meta.pk
        digests = [(pk_field.get_db_prep_value(case.pk, connection), *row)
                   for case, item in zip(cases, cleaned_items, strict=True)
                   for row in search.digest_rows(search.data_values(item), org)]
        _insert_digests(digests)
        audit.record_many(audit_action, user=user, object_type="cases.case",
                          object_ids=[c.pk for c in cases], organisation_id=org.pk, via=via)
        for case in cases:
            if case.trafficking_status:
                audit_decision(user, case, via)
    return cases
