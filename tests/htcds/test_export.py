"""Export: whose cases, what is audited, who may."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tipnet.audit.models import AuditEntry
from tipnet.cases import services as case_services
from tipnet.cases.models import Case
from tipnet.htcds import export, services

from .helpers import export_records, export_text


def test_export_holds_only_the_users_organisations_cases(org_admin, other_admin, make_case):
    mine = make_case(org_admin)
    theirs = make_case(other_admin)
    text = export_text(org_admin, "json") + export_text(org_admin, "csv")
    assert mine.reference in text
    assert theirs.reference not in text
    assert [r["x_tipnet_CaseReference"] for r in export_records(other_admin)] == [
        theirs.reference]


def test_export_follows_the_role_scope_and_leaves_out_deleted(org, make_user, org_admin,
                                                               make_case):
    worker = make_user(org, "caseworker", username="worker_a", team="North")
    stranger = make_user(org, "caseworker", username="worker_b", team="South")
    own = make_case(worker)
    other_team = make_case(stranger)
    gone = make_case(org_admin)
    case_services.delete_case(org_admin, gone.pk)
    references = [r["x_tipnet_CaseReference"] for r in export_records(worker)]
    assert references == [own.reference]
    everything = [r["x_tipnet_CaseReference"] for r in export_records(org_admin)]
    assert everything == [own.reference, other_team.reference]


def test_export_is_audited_with_counts_and_per_case(org_admin, make_case):
    a = make_case(org_admin)
    b = make_case(org_admin)
    text = export_text(org_admin, "csv")
    entries = AuditEntry.objects.filter(action="export")
    assert set(entries.values_list("object_id", flat=True)) == {"", str(a.pk), str(b.pk)}
    assert all(e.detail == {} for e in entries.exclude(object_id=""))
    entry = entries.get(object_id="")
    assert entry.detail == {"format": "csv", "records": 2}
    assert entry.username == org_admin.username
    assert "Testa" in text and "Testa" not in json.dumps(entry.detail)


def test_export_without_permission_is_refused_and_audited(org, make_user):
    operator = make_user(org, "hotline_operator")
    with pytest.raises(services.PermissionDenied):
        services.start_export(operator, "json", via="cli")
    denied = AuditEntry.objects.get(action="denied")
    assert denied.detail == {"wanted": "case.export", "reason": "role"}
    assert not AuditEntry.objects.filter(action="export").exists()


def test_empty_export_is_valid_json_and_a_csv_header(org_admin):
    assert json.loads(export_text(org_admin, "json")) == []
    assert export_text(org_admin, "csv").startswith("x_tipnet_CaseReference,prs_FirstName,")


def test_export_reads_cases_in_chunks(org_admin, make_case, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 2)
    for _ in range(5):
        make_case(org_admin)
    started = services.start_export(org_admin, "jsonl", via="cli")
    with CaptureQueriesContext(connection) as queries:
        lines = list(started.chunks())
    assert len(lines) == 5 and json.loads(lines[0])["prs_FirstName"] == "Testa"
    alias_reads = [q for q in queries.captured_queries if 'FROM "cases_alias"' in q["sql"]]
    assert len(alias_reads) == 3  # parts are fetched per chunk of cases, not for the table


def test_a_record_that_breaks_the_schema_stops_the_export(org_admin, make_case):
    case = make_case(org_admin)
    Case.objects.filter(pk=case.pk).update(industry="Z_NotAnIsicSection")  # legacy data
    with pytest.raises(services.ExportError, match="does not fit the HTCDS schema"):
        export_text(org_admin)
