import pytest

from tipnet.audit.services import verify_chain
from tipnet.cases import services
from tipnet.cases.models import Case
from tipnet.cases.validation import clean_case_data

pytestmark = pytest.mark.django_db


def test_bulk_creation_matches_single_creation(org_admin, sample_case_data):
    single = services.create_case(org_admin, sample_case_data)
    cleaned = [clean_case_data(sample_case_data) for _ in range(3)]
    bulk = services.create_many(org_admin, cleaned)
    assert len(bulk) == 3
    refs = [c.reference for c in [single, *bulk]]
    assert refs == sorted(refs) and len(set(refs)) == 4
    a = services.case_detail_queryset().get(pk=single.pk)
    b = services.case_detail_queryset().get(pk=bulk[0].pk)
    from tipnet.cases.serialise import case_dict

    strip = {"id", "reference", "created_at", "updated_at"}

    def comparable(case):
        d = case_dict(case)
        d = {k: v for k, v in d.items() if k not in strip}
        d["person"] = {k: v for k, v in d["person"].items() if k != "id"}
        for key in ("documents", "contacts", "movements", "perpetrators"):
            d[key] = [{k: v for k, v in row.items() if k != "id"} for row in d[key]]
        return d

    assert comparable(a) == comparable(b)
    # Same blind indexes: search finds bulk-created cases too.
    found = services.find_cases(org_admin, {"phone": "+9779841234567"})
    assert found.count() == 4
    assert set(a.digests.values_list("kind", "digest")) == set(
        b.digests.values_list("kind", "digest"))
    assert verify_chain() is None


def test_bulk_creation_needs_import_permission(caseworker, sample_case_data):
    with pytest.raises(services.PermissionDenied):
        services.create_many(caseworker, [clean_case_data(sample_case_data)])
    assert Case.objects.count() == 0


def test_bulk_cases_go_to_the_same_team_as_single_ones(org, make_user, sample_case_data):
    from tipnet.accounts.models import Team

    zeta = Team.objects.create(organisation=org, name="Zeta")
    alpha = Team.objects.create(organisation=org, name="Alpha")
    user = make_user(org, "org_admin", username="two_teams")
    user.teams.set([zeta, alpha])
    single = services.create_case(user, sample_case_data)
    [bulk] = services.create_many(user, [clean_case_data(sample_case_data)])
    assert Case.objects.get(pk=bulk.pk).team_id == single.team_id == alpha.pk


def test_bulk_decisions_are_audited_like_single_ones(org_admin, sample_case_data):
    from tipnet.audit.models import AuditEntry

    decided = {**sample_case_data, "trafficking_status": "PossibleVictimOfTrafficking",
               "status_decided_by": "NGO"}
    items = [clean_case_data(decided), clean_case_data(sample_case_data),
             clean_case_data(decided)]
    made = services.create_many(org_admin, items)
    entries = AuditEntry.objects.filter(action="decision").order_by("seq")
    assert [e.object_id for e in entries] == [str(made[0].pk), str(made[2].pk)]
    assert entries[0].detail == {"trafficking_status": "PossibleVictimOfTrafficking",
                                 "decided_by": "NGO"}
    assert entries[0].subject_id == str(made[0].pk)
    assert verify_chain() is None


def test_references_for_many_batches_follow_on_without_gaps(org_admin, sample_case_data):
    from tipnet.cases.bulk import BulkWriter
    from tipnet.cases.models import CaseSequence

    writer = BulkWriter(org_admin, via="cli")
    first, second = writer.references(3), writer.references(2)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in first + second]
    assert numbers == [1, 2, 3, 4, 5]
    assert CaseSequence.objects.get(organisation=org_admin.organisation).last == 5
    # A case created afterwards in the same organisation takes the next number.
    single = services.create_case(org_admin, sample_case_data)
    assert single.reference.endswith("-000006")


def test_references_stay_unique_when_a_case_is_made_between_batches(org_admin,
                                                                    sample_case_data):
    from tipnet.cases.bulk import BulkWriter

    writer = BulkWriter(org_admin, via="cli")
    first = writer.references(2)
    single = services.create_case(org_admin, sample_case_data)
    second = writer.references(2)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in [*first, single.reference, *second]]
    assert numbers == [1, 2, 3, 4, 5]


def test_bulk_inserts_defer_foreign_keys_again_when_done(org_admin, sample_case_data):
    """PostgreSQL: the bulk writer checks its foreign keys as batches go in, then leaves
    them deferred, as Django made them, for the rest of the transaction."""
    import uuid

    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SET CONSTRAINTS is PostgreSQL's")
    services.create_many(org_admin, [clean_case_data(sample_case_data)])
    accepted = []
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            with connection.cursor() as cursor:
                # A dangling alias is accepted for now (deferred), refused when checked.
                cursor.execute("INSERT INTO cases_alias (id, case_id, name, created_at) "
                               "VALUES (%s, %s, 'x', now())", [uuid.uuid4(), uuid.uuid4()])
                accepted.append(True)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert accepted == [True]
