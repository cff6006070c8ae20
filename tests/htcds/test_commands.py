"""The export_htcds and import_htcds commands."""

from __future__ import annotations

import json
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tipnet.audit.models import AuditEntry

from .helpers import case_count

GOOD = {"prs_FirstName": "Nadia", "vic_TypeOfExploitation": ["ForcedLabour"]}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_through_the_commands(fmt, tmp_path, org_admin, other_admin,
                                                 make_case):
    make_case(org_admin)
    make_case(org_admin)
    path = tmp_path / f"out.{fmt}"
    out, _ = run("export_htcds", "--format", fmt, "--output", str(path), "--user",
                 org_admin.username)
    assert f"exported 2 cases to {path}" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # personal data: owner only
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    out, _ = run("import_htcds", str(path), "--user", other_admin.username)
    assert "imported 2 cases" in out
    assert case_count() == 4
    export = AuditEntry.objects.get(action="export", object_id="")
    assert export.detail == {"format": fmt, "records": 2}
    assert AuditEntry.objects.get(action="import", object_id="").detail == {
        "format": fmt, "records": 2}


def test_format_follows_the_extension(tmp_path, org_admin, make_case):
    make_case(org_admin)
    path = tmp_path / "out.jsonl"
    run("export_htcds", "--output", str(path), "--user", org_admin.username)
    assert json.loads(path.read_text().splitlines()[0])["prs_FirstName"] == "Testa"
    with pytest.raises(CommandError, match="cannot tell the format"):
        run("export_htcds", "--output", str(tmp_path / "out.txt"), "--user",
            org_admin.username)


def test_import_prints_every_problem_and_exits_non_zero(tmp_path, org_admin):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([GOOD, {"prs_Gender": "Female"}, {"prs_Birthdate": "soon"}]))
    err = StringIO()
    with pytest.raises(CommandError, match="2 of 3 records have problems"):
        call_command("import_htcds", str(path), "--user", org_admin.username, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == ["row 2: prs_Gender: 'Female' is not one of the HTCDS values",
                     "row 3: prs_Birthdate: 'soon' is not a date (YYYY-MM-DD)"]
    assert case_count() == 0


def test_import_of_a_malformed_file_exits_non_zero(tmp_path, org_admin):
    path = tmp_path / "in.csv"
    path.write_bytes("prs_FirstName\nZoë\n".encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run("import_htcds", str(path), "--user", org_admin.username)
    with pytest.raises(CommandError, match="cannot read"):
        run("import_htcds", str(tmp_path / "missing.json"), "--user", org_admin.username)


def test_import_refused_without_permission(tmp_path, caseworker):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([GOOD]))
    with pytest.raises(CommandError, match="may not import cases"):
        run("import_htcds", str(path), "--user", caseworker.username)
    assert case_count() == 0
    assert AuditEntry.objects.get(action="denied").detail["wanted"] == "case.import"


def test_export_refused_without_permission(tmp_path, org, make_user):
    operator = make_user(org, "hotline_operator")
    path = tmp_path / "out.json"
    with pytest.raises(CommandError, match="may not export cases"):
        run("export_htcds", "--output", str(path), "--user", operator.username)
    assert not path.exists()


def test_the_acting_user_is_required_and_must_exist(tmp_path, db):
    path = str(tmp_path / "x.json")
    with pytest.raises(CommandError, match="--user USERNAME"):
        run("import_htcds", path)
    with pytest.raises(CommandError, match="no active user named 'nobody'"):
        run("export_htcds", "--output", path, "--user", "nobody")


def test_acting_user_from_the_environment(monkeypatch, tmp_path, org_admin, make_case):
    """The fixed interface `tipnet export_htcds --format csv --output PATH` works when the
    acting user comes from TIPNET_CLI_USER."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_case(org_admin)
    out = tmp_path / "cases.csv"
    with pytest.raises(CommandError, match="TIPNET_CLI_USER"):
        call_command("export_htcds", format="csv", output=str(out))
    monkeypatch.setenv("TIPNET_CLI_USER", org_admin.username)
    call_command("export_htcds", format="csv", output=str(out))
    assert out.read_text().count("\n") >= 2
