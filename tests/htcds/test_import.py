"""Import: all or nothing, every bad row reported, malformed files refused, streamed."""

from __future__ import annotations

import io
import json

import pytest

from tipnet.audit.models import AuditEntry
from tipnet.cases.models import Case
from tipnet.htcds import csv_layout, importer, services
from tipnet.htcds.importer import check_record

from .helpers import case_count, export_text, import_bytes

GOOD = {"prs_FirstName": "Nadia", "prs_Gender": "Feminine", "prs_Citizenship": ["NP"],
        "vic_TypeOfExploitation": ["ForcedLabour"],
        "hte_Events": [{"hte_Type": "Exploitation", "hte_Country": "IN"}]}


def rejected(user, data, fmt="json"):
    with pytest.raises(services.ImportRejected) as info:
        import_bytes(user, data, fmt)
    return info.value


def where(problems):
    return {(p.row, p.field) for p in problems}


def test_a_good_file_imports_every_record(org_admin):
    assert import_bytes(org_admin, json.dumps([GOOD, GOOD])) == 2
    case = Case.objects.filter(organisation=org_admin.organisation).first()
    assert case.person.given_name == "Nadia"
    assert case.owner == org_admin
    assert case.reference.startswith("SPN-")
    entry = AuditEntry.objects.filter(action="import", object_id="").get()
    assert entry.detail == {"format": "json", "records": 2}
    assert AuditEntry.objects.filter(action="import").exclude(object_id="").count() == 2


def test_every_bad_row_is_reported_and_nothing_imported(org_admin, make_case):
    make_case(org_admin)
    before = case_count()
    records = [
        GOOD,
        {**GOOD, "prs_Gender": "Female"},                                    # not a picklist value
        GOOD,
        {**GOOD, "prs_Birthdate": "05/04/2001", "prs_Citizenship": ["Nepal"]},  # two problems
        {**GOOD, "prs_ShoeSize": 41},                                        # unknown field
        {**GOOD, "hte_Events": [{"hte_Type": "Transit", "hte_Country": "XX"}]},  # tipnet check
        {**GOOD, "prs_PrimaryLanguage": "klingon"},                          # tipnet code list
        "not a record",
        {**GOOD, "x_tipnet_IdentityDocuments": [{"x_tipnet_DocumentNumber": "1"}]},  # required
    ]
    error = rejected(org_admin, json.dumps(records))
    assert case_count() == before
    assert where(error.problems) == {
        (2, "prs_Gender"), (4, "prs_Birthdate"), (4, "prs_Citizenship.0"),
        (5, "prs_ShoeSize"), (6, "hte_Events.0.hte_Country"), (7, "prs_PrimaryLanguage"),
        (8, ""), (9, "x_tipnet_IdentityDocuments.0.x_tipnet_DocumentType")}
    assert "7 of 9 records have problems" in error.detail
    messages = {(p.row, p.field): p.message for p in error.problems}
    assert "'Female' is not one of the HTCDS values" == messages[(2, "prs_Gender")]
    assert "not in the country code list" in messages[(6, "hte_Events.0.hte_Country")]
    assert "must be an object" in messages[(8, "")]
    audit = AuditEntry.objects.get(action="import")
    assert audit.detail == {"format": "json", "rejected": True, "problems": 8}


def test_csv_bad_rows_carry_row_and_line_numbers(org_admin):
    header = "prs_FirstName,vic_AgeWhenTrafficked,hte_Type,hte_Country\n"
    rows = ('Ana,17,Recruitment;Transit,NP;IN\n'
            'Bea,seventeen,Transit,IN\n'
            '"Multi\nline",12,Transit,IN\n'
            ',,,\n'
            'Cy,12,Exploitation;Transit,IN;Nepal\n')
    error = rejected(org_admin, header + rows, "csv")
    assert [(p.row, p.line, p.field) for p in error.problems] == [
        (2, 3, "vic_AgeWhenTrafficked"), (4, 7, "hte_Events.1.hte_Country")]
    assert "must be a whole number, not 'seventeen'" in error.problems[0].message
    assert case_count() == 0


@pytest.mark.parametrize("data, fmt, expected", [
    (b"", "json", "the file is empty"),
    (b"  \n ", "csv", "the file is empty"),
    (b"[]", "json", "the file holds no records"),
    (b"prs_FirstName\n", "csv", "the file holds no records"),
    (b"[{\"prs_FirstName\": \"A\"}, {\"prs_First", "json", "ends too early"),
    (b"[{\"prs_FirstName\": \"A\"}] [1]", "json", "more after the closing ]"),
    (b"{\"prs_FirstName\": \"A\"}", "json", "must be an array of records"),
    (b"prs_FirstName: A", "json", "must be an array of records"),
    (b"[{\"prs_FirstName\": 'A'}]", "json", "not valid JSON after record 0"),
    (b"[{\"prs_FirstName\": \"\xe9\"}]", "json", "not UTF-8"),
    ("prs_FirstName\nZoë\n".encode("latin-1"), "csv", "not UTF-8 text (near line"),
    (b"prs_FirstName,prs_ShoeSize\nA,41\n", "csv", "columns tipnet does not know: 'prs_ShoeSize'"),
    (b"prs_FirstName,prs_FirstName\nA,B\n", "csv", "repeats columns: prs_FirstName"),
    (b"prs_FirstName\n\"Cut short\n", "csv", "malformed at line 2: unexpected end of data"),
    (b"prs_FirstName\n\"A\"B\n", "csv", "malformed at line 2"),
])
def test_malformed_files_are_refused_with_a_clear_error(org_admin, data, fmt, expected):
    error = rejected(org_admin, data, fmt)
    assert expected in error.detail
    assert error.detail.endswith("Nothing was imported.")
    assert error.problems[0].row is None
    assert case_count() == 0


def test_a_byte_order_mark_is_accepted(org_admin):
    assert import_bytes(org_admin, b"\xef\xbb\xbf" + json.dumps([GOOD]).encode()) == 1
    assert import_bytes(org_admin, b"\xef\xbb\xbfprs_FirstName\nAna\n", "csv") == 1


def test_json_lines_report_a_bad_line_as_its_row(org_admin):
    error = rejected(org_admin, json.dumps(GOOD) + "\n\n{oops\n" + json.dumps(GOOD) + "\n",
                     "jsonl")
    assert [(p.row, p.line) for p in error.problems] == [(2, 3)]
    assert "not valid JSON" in error.problems[0].message


def test_a_csv_row_with_too_many_cells_is_a_bad_row(org_admin):
    error = rejected(org_admin, "prs_FirstName\nAna\nBea,extra\n", "csv")
    assert [(p.row, p.message) for p in error.problems] == [
        (2, "has 2 cells but the header has 1 columns")]


def test_a_bad_row_after_inserted_chunks_undoes_them_all(org_admin, monkeypatch):
    """Chunks are inserted while every row so far is good; a bad row found later rolls back
    every case already inserted, and the rows after it are still checked and reported."""
    monkeypatch.setattr(importer, "CHUNK", 1)
    bad = {**GOOD, "prs_Gender": "Female"}
    data = json.dumps([GOOD, GOOD, bad, GOOD, {**GOOD, "prs_Citizenship": ["XX"]}])
    error = rejected(org_admin, data)
    assert error.detail.startswith("2 of 5 records have problems")
    assert [(p.row, p.field) for p in error.problems] == [(3, "prs_Gender"),
                                                          (5, "prs_Citizenship.0")]
    assert case_count() == 0
    assert [e.detail for e in AuditEntry.objects.filter(action="import")] == [
        {"format": "json", "rejected": True, "problems": 2}]


def csv_bytes(records):
    rows = [",".join(csv_layout.header())]
    rows += [",".join('"' + c.replace('"', '""') + '"' for c in csv_layout.record_to_row(r))
             for r in records]
    return ("\r\n".join(rows) + "\r\n").encode()


def test_worker_processes_import_the_same_cases_in_file_order(org_admin, monkeypatch):
    """Records checked and encrypted in forked workers come back in file order, open with
    the keys of the server, are findable, and chain into the audit log."""
    monkeypatch.setattr(importer, "CHUNK", 3)
    records = [{**GOOD, "prs_FirstName": f"Worker{i}", "prs_MobilePhone": f"+97798412345{i:02d}"}
               for i in range(20)]
    count = services.import_file(org_admin, io.BytesIO(csv_bytes(records)), fmt="csv",
                                 via="cli", workers=2)
    assert count == 20
    cases = list(Case.objects.order_by("reference").select_related("person"))
    assert [c.person.given_name for c in cases] == [f"Worker{i}" for i in range(20)]
    from tipnet.audit.services import verify_chain
    from tipnet.cases import services as case_services

    found = case_services.find_cases(org_admin, {"phone": "+9779841234507"})
    assert [c.person.given_name for c in found] == ["Worker7"]
    assert AuditEntry.objects.filter(action="import").exclude(object_id="").count() == 20
    assert verify_chain() is None


def test_worker_processes_report_every_bad_row_and_import_nothing(org_admin, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 2)
    records = [{**GOOD, "prs_FirstName": f"W{i}"} for i in range(9)]
    records[1]["prs_Gender"] = "Female"
    records[8]["vic_TypeOfExploitation"] = ["Nonsense"]
    with pytest.raises(services.ImportRejected) as info:
        services.import_file(org_admin, io.BytesIO(csv_bytes(records)), fmt="csv", via="cli",
                             workers=2)
    assert [(p.row, p.field) for p in info.value.problems] == [
        (2, "prs_Gender"), (9, "vic_TypeOfExploitation.0")]
    assert case_count() == 0


def test_import_without_permission_is_refused_and_audited(org, make_user):
    caseworker = make_user(org, "caseworker")
    with pytest.raises(services.PermissionDenied):
        import_bytes(caseworker, json.dumps([GOOD]))
    assert case_count() == 0
    denied = AuditEntry.objects.get(action="denied")
    assert denied.detail == {"wanted": "case.import", "reason": "role"}
    assert denied.username == caseworker.username


def test_deciding_a_status_needs_the_role_that_may(org_admin):
    record = {**GOOD, "vic_TraffickingStatus": "ActualVictimOfTrafficking"}
    assert check_record(record, can_decide=True).problems == []
    assert check_record(record, can_decide=False).problems == [
        ("vic_TraffickingStatus", "only a supervisor or organisation administrator may decide "
                                  "a trafficking status")]


def test_contradicting_event_fields_are_reported(org_admin):
    record = {"hte_Events": [{"hte_Type": "Transit", "hte_Country": "IN",
                              "x_tipnet_ToCountry": "AE"}]}
    problems = check_record(record, can_decide=True).problems
    assert [p for p, _ in problems] == ["hte_Events.0.x_tipnet_ToCountry"]


def test_consents_and_comments_are_checked_before_import(org_admin):
    record = {"con_Consents": [{"con_Consent": True, "x_tipnet_GivenAt": "2999-01-01T00:00:00Z"},
                               {"x_tipnet_GivenAt": "yesterday"}],
              "cco_Comments": [{"cco_CaseComment": "   "}, {}]}
    problems = dict(check_record(record, can_decide=True).problems)
    assert problems == {"con_Consents.1.x_tipnet_GivenAt": "'yesterday' is not a date and time "
                                                           "with time zone",
                        "cco_Comments.1.cco_CaseComment": "is required"}
    record["con_Consents"].pop()
    record["cco_Comments"].pop()
    problems = dict(check_record(record, can_decide=True).problems)
    assert problems == {"con_Consents.0.x_tipnet_GivenAt": "is in the future",
                        "cco_Comments.0.cco_CaseComment": "must not be empty"}


class ReadsInPieces(io.BytesIO):
    """A file that refuses to be read whole: proof that the importer streams."""

    LIMIT = 256 * 1024

    def read(self, size=-1):
        assert size is not None and 0 <= size <= self.LIMIT, f"read({size}) of a whole file"
        return super().read(size)

    def read1(self, size=-1):
        return self.read(size if size is not None and size >= 0 else self.LIMIT)

    def readinto(self, buffer):
        assert len(buffer) <= self.LIMIT, f"readinto of {len(buffer)} bytes"
        return super().readinto(buffer)

    def readline(self, size=-1):
        raise AssertionError("line reads are not used for JSON or CSV")

    def getvalue(self):
        raise AssertionError("the whole file was asked for")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_large_file_is_streamed(org_admin, fmt):
    long_text = "x" * 4000
    records = [{**GOOD, "prs_FirstName": f"Person {i}", "x_tipnet_Narrative": long_text}
               for i in range(300)]
    if fmt == "json":
        data = json.dumps(records).encode()
    else:
        rows = [",".join(csv_layout.header())]
        rows += [",".join(f'"{c}"' for c in csv_layout.record_to_row(r)) for r in records]
        data = ("\r\n".join(rows) + "\r\n").encode()
    assert len(data) > 4 * ReadsInPieces.LIMIT  # bigger than any single read
    f = ReadsInPieces(data)
    assert services.import_file(org_admin, f, fmt=fmt, via="cli") == 300
    assert case_count() == 300
    assert Case.objects.order_by("created_at", "reference").last().narrative == long_text


def test_an_export_imports_into_the_same_organisation_as_new_cases(org_admin, make_case):
    original = make_case(org_admin)
    import_bytes(org_admin, export_text(org_admin, "json"))
    references = set(Case.objects.values_list("reference", flat=True))
    assert len(references) == 2 and original.reference in references


@pytest.mark.parametrize("fmt, data", [
    ("json", b"[" + b"[" * 200_000 + b"]" * 200_000 + b"]"),
    ("json", b'[{"prs_FirstName": ' + b"[" * 5000 + b"]" * 5000 + b"}]"),
    ("jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
])
def test_absurdly_nested_files_are_refused_cheaply(org_admin, fmt, data):
    rejection = rejected(org_admin, data, fmt)
    assert "nest" in str(rejection) + " ".join(p.message for p in rejection.problems)
    assert case_count() == 0


def test_values_no_check_foresaw_are_refused_per_record(org_admin):
    lines = [json.dumps(GOOD),
             '{"prs_FirstName": "Lone \\ud800 surrogate", "prs_Gender": "Feminine"}',
             '{"vic_AgeWhenTrafficked": ' + "9" * 5000 + "}",
             json.dumps(GOOD)]
    with pytest.raises(services.ImportRejected) as info:
        import_bytes(org_admin, "\n".join(lines), fmt="jsonl")
    assert sorted((p.row, p.message) for p in info.value.problems) == [
        (2, "cannot be read: UnicodeEncodeError"), (3, "cannot be read: ValueError")]
    assert case_count() == 0


def test_an_import_with_workers_leaves_the_garbage_collector_as_it_found_it(org_admin,
                                                                          monkeypatch):
    import gc

    monkeypatch.setattr(importer, "CHUNK", 3)
    before = (gc.get_threshold(), gc.get_freeze_count())
    good = [{**GOOD, "prs_FirstName": f"G{i}"} for i in range(7)]
    services.import_file(org_admin, io.BytesIO(csv_bytes(good)), fmt="csv", via="cli",
                         workers=2)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    bad = [*good, {**GOOD, "prs_Gender": "Female"}]
    with pytest.raises(services.ImportRejected):
        services.import_file(org_admin, io.BytesIO(csv_bytes(bad)), fmt="csv", via="cli",
                             workers=2)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before

    def fail(*args, **kwargs):
        raise DatabaseError("the database went away")

    from django.db import DatabaseError

    from tipnet.cases.bulk import BulkWriter

    monkeypatch.setattr(BulkWriter, "add", fail)
    with pytest.raises(DatabaseError) as info:  # (the traceback, kept, holds the import)
        services.import_file(org_admin, io.BytesIO(csv_bytes(good)), fmt="csv", via="cli",
                             workers=2)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert info.value


def test_workers_are_refused_outside_the_main_thread(org_admin):
    import threading

    errors = []

    def run():
        try:
            services.import_file(org_admin, io.BytesIO(csv_bytes([GOOD])), fmt="csv",
                                 via="api", workers=2)
        except ValueError as error:
            errors.append(str(error))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors and "main thread" in errors[0]
    assert case_count() == 0
