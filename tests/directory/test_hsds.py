"""HSDS 3: the published examples import cleanly; tipnet's export fits the schemas; bad
documents are refused with every problem and nothing imported."""

import copy

import pytest

from tipnet.audit.models import AuditEntry
from tipnet.directory import hsds, services
from tipnet.directory.models import Counterpart, Location, Schedule, Service

from .conftest import example, shelter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["organization_full.json", "service_full.json"])
def test_the_hsds_examples_import_cleanly(sysadmin, name):
    report = services.import_hsds(sysadmin, example(name))
    assert (report.created, report.services) == (1, 1)
    org = Counterpart.objects.get()
    assert org.name == "Example Organization Inc." and org.country == "US"
    service = Service.objects.get()
    assert service.languages == ["ur"]
    assert service.locations.count() == 1
    assert Schedule.objects.filter(service=service).exists()
    # Their coordinates (100, 101) are not on Earth: kept out, and said so.
    assert Location.objects.filter(latitude__isnull=False).count() == 0
    assert any("not on Earth" in message for _, message in report.warnings)


def test_importing_again_updates_rather_than_duplicates(sysadmin):
    services.import_hsds(sysadmin, example("organization_full.json"))
    changed = example("organization_full.json")
    changed["name"] = "Example Organization (renamed)"
    report = services.import_hsds(sysadmin, changed)
    assert (report.created, report.updated) == (0, 1)
    assert Counterpart.objects.get().name == "Example Organization (renamed)"
    assert Service.objects.count() == 1


def test_tipnet_taxonomies_come_and_go_as_attributes(sysadmin):
    services.import_hsds(sysadmin, shelter())
    service = Service.objects.get()
    assert service.service_types == ["EmergencyShelter"]
    assert service.populations == ["Women"]
    assert service.exploitation_types == ["SexualExploitation"]
    assert service.languages == ["ne", "en"]
    exported = services.export_hsds(sysadmin)
    codes = {a["taxonomy_term"]["code"] for a in exported[0]["services"][0]["attributes"]}
    assert codes == {"EmergencyShelter", "Women", "SexualExploitation"}


def test_the_export_fits_the_schemas_and_round_trips(sysadmin, directory):
    exported = services.export_hsds(sysadmin)
    assert len(exported) == 3
    for record in exported:
        assert hsds.errors("organization", record) == []
        for svc in record["services"]:
            assert hsds.errors("service", svc) == []
    before = {s.pk: (s.name, s.service_types, s.languages, [str(x) for x in
                                                            s.schedules.all()])
              for s in Service.objects.all()}
    Counterpart.objects.all().delete()
    services.import_hsds(sysadmin, copy.deepcopy(exported))
    after = {s.pk: (s.name, s.service_types, s.languages, [str(x) for x in s.schedules.all()])
             for s in Service.objects.all()}
    assert after == before
    assert Location.objects.filter(city="Delhi", latitude=28.61).exists()


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.pop("name"), ""),
    (lambda d: d.update(email=42), "email"),
    (lambda d: d["services"][0].update(status="open"), "services.0.status"),
    (lambda d: d["services"][0]["schedules"][0].update(opens_at="nine"),
     "services.0.schedules.0"),
    (lambda d: d["locations"][0]["addresses"][0].update(country="Narnia"),
     "locations.0.addresses.0.country"),
    (lambda d: d["services"][0]["schedules"][0].update(byday="MONDAY"),
     "services.0.schedules.0.byday"),
])
def test_bad_documents_are_refused_whole(sysadmin, mutate, where):
    good, bad = shelter("Good One"), shelter("Bad One")
    mutate(bad)
    with pytest.raises(hsds.ImportProblems) as info:
        services.import_hsds(sysadmin, [good, bad])
    assert any(path.startswith(f"1.{where}".rstrip(".")) for path, _ in info.value.problems), \
        info.value.problems
    assert Counterpart.objects.count() == 0


def test_importing_needs_the_permission(caseworker, org_admin):
    for user in (caseworker, org_admin):
        with pytest.raises(services.PermissionDenied):
            services.import_hsds(user, shelter())
    assert Counterpart.objects.count() == 0
    assert AuditEntry.objects.filter(action="denied", detail__wanted="directory.manage") \
        .count() == 2


def test_directory_commands_round_trip(tmp_path, sysadmin, directory):
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "directory.json"
    call_command("directory_export", user="sysadmin", output=str(path))
    exported = json.loads(path.read_text())
    assert len(exported) == 3
    Counterpart.objects.all().delete()
    call_command("directory_import", str(path), user="sysadmin")
    assert Counterpart.objects.count() == 3
    path.write_text("[{]")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("directory_import", str(path), user="sysadmin")
