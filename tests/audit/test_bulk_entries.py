"""Entries appended in bulk (imports) carry the same MACs as entries appended one by one."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipnet.audit import chain
from tipnet.audit import services as audit
from tipnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@settings(max_examples=200, deadline=None)
@given(username=st.text(max_size=30), object_type=st.text(max_size=20),
       detail=st.dictionaries(st.text(max_size=8), st.text(max_size=8) | st.integers(),
                              max_size=3),
       seq=st.integers(min_value=1, max_value=2**62), object_id=st.text(min_size=1, max_size=40))
def test_series_bodies_are_the_canonical_bodies(username, object_type, detail, seq, object_id):
    fields = chain.fields_for_mac(
        seq=1, at=dt.datetime(2026, 11, 23, 1, 2, 3, 456789, tzinfo=dt.UTC), action="import",
        user_id=7, username=username, organisation_id=3, object_type=object_type,
        object_id="x", via="cli", detail=detail, subject_id="x")
    series = chain.bodies_of_series(fields)
    expected = chain.body({**fields, "seq": seq, "object_id": object_id,
                           "subject_id": object_id})
    assert series(seq, object_id) == expected


def test_bulk_entries_verify_and_interleave_with_single_ones(org_admin):
    audit.record("view", user=org_admin, object_type="cases.case", object_id="before")
    n = audit.record_many("import", user=org_admin, object_type="cases.case",
                          object_ids=(f"case-{i}" for i in range(audit.BULK_CHUNK + 3)),
                          organisation_id=org_admin.organisation_id, via="cli",
                          detail={"format": "csv"})
    audit.record("view", user=org_admin, object_type="cases.case", object_id="after")
    assert n == audit.BULK_CHUNK + 3
    assert AuditEntry.objects.filter(action="import").count() == n
    assert AuditEntry.objects.get(object_id="case-7").subject_id == "case-7"
    assert audit.verify_chain() is None


def test_batched_entries_are_appended_together_at_the_end(org_admin):
    audit.record("view", user=org_admin, object_type="cases.case", object_id="first")
    with audit.batched():
        for i in range(5):
            audit.record("view", user=org_admin, object_type="cases.case", object_id=f"b{i}")
        with audit.batched():  # nested: joins the outer batch
            audit.record("view", user=org_admin, object_type="cases.case", object_id="inner")
        assert not AuditEntry.objects.filter(object_id="b0").exists()  # not yet
    assert list(AuditEntry.objects.order_by("seq").values_list("object_id", flat=True)) == [
        "first", "b0", "b1", "b2", "b3", "b4", "inner"]
    audit.record("view", user=org_admin, object_type="cases.case", object_id="after")
    assert audit.verify_chain() is None


def test_a_failed_batch_appends_nothing(org_admin):
    import pytest as _pytest

    with _pytest.raises(RuntimeError):
        with audit.batched():
            audit.record("view", user=org_admin, object_type="cases.case", object_id="lost")
            raise RuntimeError("boom")
    assert not AuditEntry.objects.filter(object_id="lost").exists()
    audit.record("view", user=org_admin, object_type="cases.case", object_id="next")
    assert audit.verify_chain() is None


def test_mac_function_gives_the_macs_of_mac_of():
    mac = chain.mac_function()
    for prev, text in [(chain.GENESIS, "{}"), ("ab" * 32, '{"seq":1,"x":"é\\n"}')]:
        assert mac(prev, text) == chain.mac_of(prev, text)
