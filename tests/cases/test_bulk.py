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
