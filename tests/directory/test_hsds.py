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
    (lambda d: d["services"][0].update(minimum_age=-1), "services.0.minimum_age"),
    (lambda d: d["services"][0].update(maximum_age=1e20), "services.0.maximum_age"),
    (lambda d: d.update(website="javascript:alert(document.domain)"), "website"),
    (lambda d: d["services"][0].update(url="data:text/html,hi"), "services.0.url"),
    (lambda d: d.update(name="   "), "name"),
    (lambda d: d.update(description='""'), "description"),
    (lambda d: d["services"][0]["phones"][0].update(number=""), "services.0.phones.0.number"),
    (lambda d: d.update(email="a" * 300 + "@x.org"), "email"),
    (lambda d: d.update(email="not-an-address"), "email"),
    (lambda d: d.update(services=1), "services"),
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
    with pytest.raises(CommandError, match="not a JSON document"):
        call_command("directory_import", str(path), user="sysadmin")


def test_a_reused_id_never_moves_another_organisations_entry(sysadmin):
    services.import_hsds(sysadmin, shelter("Alpha"))
    alpha = Counterpart.objects.get(name="Alpha")
    thief = shelter("Beta")
    thief["services"][0]["id"] = str(alpha.services.get().pk)
    thief["locations"][0]["id"] = str(alpha.locations.get().pk)
    with pytest.raises(hsds.ImportProblems) as info:
        services.import_hsds(sysadmin, thief)
    assert all("belongs to another organisation (Alpha)" in m for _, m in info.value.problems)
    assert alpha.services.count() == 1 and alpha.locations.count() == 1
    assert not Counterpart.objects.filter(name="Beta").exists()


def test_a_service_document_updates_only_what_it_carries(sysadmin):
    full = shelter()
    full["website"] = "https://safe.example.org"
    full["phones"] = [{"id": "0b5f0b4e-2b3d-4c4a-9a55-0d3f9f0e1a01", "number": "+977 1 5555555"}]
    services.import_hsds(sysadmin, full)
    service = dict(full["services"][0])
    service["name"] = "Renamed shelter"
    service["organization"] = {"id": full["id"], "name": full["name"],
                               "description": full["description"]}
    services.import_hsds(sysadmin, service)
    org = Counterpart.objects.get()
    assert org.website == "https://safe.example.org" and org.country == "NP"
    assert list(org.phones.filter(service=None).values_list("number", flat=True)) == [
        "+977 1 5555555"]
    renamed = Service.objects.get()
    assert renamed.name == "Renamed shelter"
    assert renamed.locations.count() == 1  # still linked to its location


def test_schedules_hsds_can_express(sysadmin):
    doc = shelter()
    doc["services"][0]["schedules"] = [
        {"id": "11111111-1111-4111-8111-111111111111", "freq": "WEEKLY", "byday": "MO",
         "opens_at": "09:00+05:45", "closes_at": "17:00+05:45"},
        {"id": "22222222-2222-4222-8222-222222222222", "freq": "MONTHLY", "bymonthday": "1",
         "opens_at": "09:00", "closes_at": "12:00"},
        {"id": "33333333-3333-4333-8333-333333333333", "freq": "WEEKLY", "byday": "1MO",
         "opens_at": "09:00", "closes_at": "12:00"},
        {"id": "44444444-4444-4444-8444-444444444444", "freq": "WEEKLY", "byday": "SU",
         "opens_at": "00:00", "closes_at": "24:00", "valid_to": "2005-12-31"}]
    report = services.import_hsds(sysadmin, doc)
    kept = list(Schedule.objects.order_by("byday").values_list("byday", "utc_offset"))
    assert kept == [("MO", 5.75), ("SU", 0.0)]
    assert sum("left out" in m for _, m in report.warnings) == 2


def test_a_changed_verified_entry_is_marked_out_of_date(sysadmin):
    services.import_hsds(sysadmin, shelter())
    org = Counterpart.objects.get()
    services.verify(sysadmin, org.pk, "Verified")
    changed = shelter()
    changed["services"][0]["phones"][0]["number"] = "+977 1 9999999"
    services.import_hsds(sysadmin, changed)
    org.refresh_from_db()
    assert org.verification == "Outdated"
    assert AuditEntry.objects.filter(action="update", object_id=str(org.pk),
                                     detail__import="hsds").exists()


def test_everything_imported_exports_within_the_schema(sysadmin):
    odd = shelter("Odd One")
    odd["alternate_name"] = "  "
    odd["services"][0]["description"] = ""
    odd["services"][0]["minimum_age"] = 0
    odd["locations"][0]["addresses"][0].update(address_1="-", city="-")
    services.import_hsds(sysadmin, [odd, example("organization_full.json")])
    services.import_hsds(sysadmin, example("service_full.json"))
    for record in services.export_hsds(sysadmin):
        assert hsds.errors("organization", record) == []
