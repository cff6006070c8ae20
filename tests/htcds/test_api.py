"""The HTCDS API: schema, streamed export, all-or-nothing import, permissions."""

from __future__ import annotations

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tipnet.audit.models import AuditEntry
from tipnet.htcds import csv_layout

from .helpers import case_count

GOOD = {"prs_FirstName": "Nadia", "vic_TypeOfExploitation": ["ForcedLabour"]}


def upload(client, api, user, name, data, **extra):
    return client.post("/api/htcds/import", {"file": SimpleUploadedFile(name, data), **extra},
                       headers=api(user).headers)


def body(response):
    return b"".join(response.streaming_content).decode()


def test_schema_endpoint_serves_the_checked_in_schema(api, caseworker):
    from tipnet.htcds import schema

    response = api(caseworker).get("/api/htcds/schema")
    assert response.status_code == 200
    assert response.json() == schema.load()


def test_export_streams_json_and_csv_of_own_organisation(api, org_admin, other_admin,
                                                          make_case):
    mine = make_case(org_admin)
    theirs = make_case(other_admin)
    response = api(org_admin).get("/api/htcds/export")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    records = json.loads(body(response))
    assert [r["x_tipnet_CaseReference"] for r in records] == [mine.reference]
    response = api(org_admin).get("/api/htcds/export", format="csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0] == csv_layout.header()
    assert len(rows) == 2 and mine.reference in rows[1] and theirs.reference not in rows[1]
    exports = AuditEntry.objects.filter(action="export", via="api")
    assert exports.filter(object_id="").count() == 2  # one per export, with its count
    # ... and each exported case has the export in its own access log.
    assert exports.filter(object_id=str(mine.pk)).count() == 2
    assert not exports.filter(object_id=str(theirs.pk)).exists()


def test_export_refused_without_permission_and_bad_format(api, org, make_user):
    operator = make_user(org, "hotline_operator")
    assert api(operator).get("/api/htcds/export").status_code == 403
    assert AuditEntry.objects.filter(action="denied", via="api").exists()
    assert api(operator).get("/api/htcds/export", format="xml").status_code == 400


def test_import_creates_the_cases(client, api, org_admin):
    response = upload(client, api, org_admin, "cases.json", json.dumps([GOOD, GOOD]).encode())
    assert response.status_code == 200, response.content
    assert response.json() == {"imported": 2}
    assert case_count() == 2
    csv_data = b"prs_FirstName,vic_TypeOfExploitation\nAna,ForcedLabour;ChildLabour\n"
    response = upload(client, api, org_admin, "upload.txt", csv_data, format="csv")
    assert response.json() == {"imported": 1}


def test_import_with_bad_rows_lists_them_all_and_imports_nothing(client, api, org_admin):
    records = [GOOD, {"prs_Gender": "Female"}, GOOD, {"hte_Events": [{"hte_Country": "Nepal"}]}]
    response = upload(client, api, org_admin, "cases.json", json.dumps(records).encode())
    assert response.status_code == 400
    payload = response.json()
    assert payload["detail"] == "2 of 4 records have problems; nothing was imported."
    assert [(e["row"], e["field"]) for e in payload["errors"]] == [
        (2, "prs_Gender"), (4, "hte_Events.0.hte_Country")]
    assert case_count() == 0


def test_malformed_upload_is_a_clear_400(client, api, org_admin):
    response = upload(client, api, org_admin, "cases.json", b'[{"prs_FirstName": "A"},')
    assert response.status_code == 400
    assert "ends too early" in response.json()["detail"]
    response = upload(client, api, org_admin, "cases.xlsx", b"PK...")
    assert response.status_code == 400
    assert "cannot tell the format" in response.json()["detail"]
    assert case_count() == 0


def test_import_refused_without_permission_and_audited(client, api, caseworker):
    response = upload(client, api, caseworker, "cases.json", json.dumps([GOOD]).encode())
    assert response.status_code == 403
    assert case_count() == 0
    denied = AuditEntry.objects.get(action="denied")
    assert (denied.via, denied.detail["wanted"]) == ("api", "case.import")


def test_import_needs_a_token(client):
    response = client.post("/api/htcds/import", {"file": SimpleUploadedFile("a.json", b"[]")})
    assert response.status_code == 401


def test_a_large_upload_is_imported_from_its_temporary_file(client, api, org_admin, settings):
    records = [{**GOOD, "x_tipnet_Narrative": f"{i} " + "x" * 5000} for i in range(450)]
    data = json.dumps(records).encode()
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # spooled to disk, not memory
    response = upload(client, api, org_admin, "cases.json", data)
    assert response.json() == {"imported": 450}


def test_an_upload_over_the_limit_is_refused(client, api, org_admin, settings):
    settings.TIPNET_MAX_IMPORT_BYTES = 100
    response = upload(client, api, org_admin, "cases.json", json.dumps([GOOD] * 10).encode())
    assert response.status_code == 413
    assert case_count() == 0
