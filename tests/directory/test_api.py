"""The directory API and pages."""

import pytest

from tipnet.directory.models import Counterpart

from .conftest import example, shelter

pytestmark = pytest.mark.django_db


def test_search_through_the_api(api, caseworker, directory):
    response = api(caseworker).get("/api/directory/services", country="MY",
                                   service_type="Hotline")
    assert response.status_code == 200
    [found] = response.json()
    assert found["counterpart"]["name"] == "Night Hotline Kuala Lumpur"
    assert found["opening_hours"] == [{"days": "", "opens_at": "22:00", "closes_at": "06:00",
                                       "utc_offset": 8.0}]
    assert found["locations"][0]["latitude"] == 3.139
    detail = api(caseworker).get(f"/api/directory/counterparts/{found['counterpart']['id']}")
    assert detail.json()["services"][0]["name"] == "Night Hotline Kuala Lumpur shelter"
    assert api(caseworker).get("/api/directory/counterparts/nope").status_code == 404


def test_import_and_export_through_the_api(api, caseworker, sysadmin):
    assert api(caseworker).post("/api/directory/hsds", shelter()).status_code == 403
    response = api(sysadmin).post("/api/directory/hsds", example("organization_full.json"))
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1 and response.json()["warnings"]
    bad = shelter("Broken")
    del bad["description"]
    response = api(sysadmin).post("/api/directory/hsds", [shelter("Fine"), bad])
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"].startswith("1")
    assert not Counterpart.objects.filter(name="Fine").exists()
    exported = api(sysadmin).get("/api/directory/hsds")
    assert exported.status_code == 200
    assert [o["name"] for o in exported.json()] == ["Example Organization Inc."]
    assert api(caseworker).get("/api/directory/hsds").status_code == 403


def test_search_page(verified_client, caseworker, directory):
    client = verified_client(caseworker)
    page = client.get("/directory/", {"population": "Women", "open_now": ""}).content.decode()
    assert "2 services found" in page
    assert "Safe House Kathmandu" in page and "Night Hotline Kuala Lumpur" in page
    assert 'id="map-markers"' in page and "27.7172" in page
    empty = client.get("/directory/").content.decode()
    assert "services found" not in empty  # no search yet: no results, no map
    org = Counterpart.objects.get(name="Labour Rights Centre Delhi")
    page = client.get(f"/directory/{org.pk}/").content.decode()
    assert "Legal aid" in page and "MO,TU,WE,TH,FR,SA 08:00–20:00" in page


def test_marker_names_cannot_break_out_of_the_page(verified_client, caseworker, sysadmin):
    from tipnet.directory import services

    services.import_hsds(sysadmin, shelter("</script><script>alert(1)</script>"))
    page = verified_client(caseworker).get("/directory/", {"country": "NP"}).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_verifying_an_entry(verified_client, caseworker, sysadmin, directory):
    from tipnet.audit.models import AuditEntry

    org = Counterpart.objects.get(name="Safe House Kathmandu")
    assert verified_client(caseworker).post(f"/directory/{org.pk}/verify/",
                                            {"status": "Verified"}).status_code == 403
    client = verified_client(sysadmin)
    assert "Mark verified today" in client.get(f"/directory/{org.pk}/").content.decode()
    assert client.post(f"/directory/{org.pk}/verify/", {"status": "Verified"}).status_code == 302
    org.refresh_from_db()
    assert org.verification == "Verified" and org.verified_on and org.verified_by == sysadmin
    assert AuditEntry.objects.filter(action="update", object_type="directory.counterpart",
                                     user_id=sysadmin.pk).exists()
    assert client.post(f"/directory/{org.pk}/verify/", {"status": "Gold"}).status_code == 404
