import json

import pytest

from tipnet.audit.models import AuditEntry
from tipnet.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(org, make_user):
    return make_user(org, "supervisor")


def test_openapi_document_is_served_and_lists_the_case_endpoints(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    assert {"get", "post"} <= set(paths["/api/cases"])
    assert {"get", "patch"} <= set(paths["/api/cases/{case_id}"])
    assert any("Bearer" in json.dumps(s) or "bearer" in json.dumps(s)
               for s in doc["components"]["securitySchemes"].values())


def test_create_read_patch_round_trip(api, user, sample_case_data):
    created = api(user).post("/api/cases", sample_case_data)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"].startswith("SPN-")
    assert body["person"]["given_name"] == "Testa"
    assert body["documents"][0]["number"] == "PA 99887766"
    assert body["movements"][0]["to_country"] == "IN"
    got = api(user).get(f"/api/cases/{body['id']}").json()
    assert got["narrative"] == sample_case_data["narrative"]
    patched = api(user).patch(f"/api/cases/{body['id']}",
                              {"status": "FollowUp", "person": {"family_name": "Other"},
                               "aliases": ["New alias"]})
    assert patched.status_code == 200, patched.content
    p = patched.json()
    assert p["status"] == "FollowUp"
    assert p["person"]["family_name"] == "Other"
    assert p["person"]["given_name"] == "Testa"  # untouched
    assert p["aliases"] == ["New alias"]
    assert p["documents"] == got["documents"]  # lists not given are kept
    actions = list(AuditEntry.objects.filter(object_id=body["id"]).values_list("action",
                                                                               flat=True))
    assert actions[:3] == ["create", "view", "update"] or {"create", "view", "update"} <= set(
        actions)
    update = AuditEntry.objects.get(object_id=body["id"], action="update")
    assert "Other" not in json.dumps(update.detail)  # audit holds field names, not values
    assert "person.family_name" in update.detail["fields"]


@pytest.mark.parametrize("payload, path", [
    ({"person": {"gender": "Robot"}}, "person.gender"),
    ({"exploitation_types": ["NotAType"]}, "exploitation_types.0"),
    ({"country": "Narnia"}, "country"),
    ({"person": {"birth_date": "31/12/2001"}}, "person.birth_date"),
    ({"person": {"birth_date": "2999-01-01"}}, "person.birth_date"),
    ({"movements": [{"to_country": "XX"}]}, "movements.0.to_country"),
    ({"documents": [{"kind": "passport"}]}, "documents.0"),
    ({"age_when_trafficked": "twelve"}, "age_when_trafficked"),
    ({"age_when_trafficked": 300}, "age_when_trafficked"),
    ({"unknown_field": 1}, "unknown_field"),
    ({"person": {"given_name": 12}}, "person.given_name"),
    ({"narrative": "x" * 20_001}, "narrative"),
])
def test_bad_input_is_a_clear_400_and_creates_nothing(api, user, payload, path):
    response = api(user).post("/api/cases", payload)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert any(k.startswith(path) for k in errors), errors
    assert Case.objects.count() == 0


def test_not_json_is_400(client, api_token, user):
    response = client.post("/api/cases", "{not json", content_type="application/json",
                           headers={"Authorization": f"Bearer {api_token(user)}"})
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_oversized_body_is_413(client, api_token, user, settings):
    settings.TIPNET_API_MAX_BODY_BYTES = 1024
    body = json.dumps({"narrative": "x" * 5000})
    response = client.post("/api/cases", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {api_token(user)}"})
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_bad_patch_changes_nothing(api, user, make_case):
    case = make_case(user)
    response = api(user).patch(f"/api/cases/{case.pk}",
                               {"status": "Closed", "person": {"gender": "Robot"}})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "Active"


def test_search_by_encrypted_fields_is_exact(api, user, make_case):
    case = make_case(user)
    other = make_case(user, person={"given_name": "Another", "family_name": "Person"},
                      contacts=[], documents=[], aliases=[])
    a = api(user)

    def ids(**params):
        return [r["id"] for r in a.get("/api/cases", **params).json()["results"]]

    assert ids(name="testa fakename") == [str(case.pk)]
    assert ids(name="Testa") == [str(case.pk)]
    assert ids(name="Test") == []  # exact, not prefix
    assert ids(alias="TESS") == [str(case.pk)]
    assert ids(phone="+9779841234567") == [str(case.pk)]
    assert ids(phone="984 123 4567") == [str(case.pk)]  # org in Nepal: national format works
    assert ids(document="pa99887766") == [str(case.pk)]
    assert ids(q="PA 99887766") == [str(case.pk)]
    assert ids(q=case.reference) == [str(case.pk)]
    assert set(ids()) == {str(case.pk), str(other.pk)}


def test_filters(api, user, make_case):
    a_case = make_case(user, exploitation_types=["SexualExploitation"], country="NP",
                       identified_on="2025-01-10")
    b_case = make_case(user, exploitation_types=["ForcedLabour"], country="AE",
                       identified_on="2026-06-01", movements=[])
    a = api(user)

    def ids(**params):
        return {r["id"] for r in a.get("/api/cases", **params).json()["results"]}

    assert ids(exploitation_type="ForcedLabour") == {str(b_case.pk)}
    assert ids(country="NP") == {str(a_case.pk)}
    assert ids(country="IN") == {str(a_case.pk)}  # a movement went to India
    assert ids(identified_from="2026-01-01") == {str(b_case.pk)}
    assert ids(identified_to="2025-12-31") == {str(a_case.pk)}
    assert ids(status="Closed") == set()
    bad = a.get("/api/cases", identified_from="yesterday")
    assert bad.status_code == 400 and "identified_from" in bad.json()["errors"]


def test_pagination(api, user, make_case):
    for _ in range(7):
        make_case(user, contacts=[], documents=[])
    first = api(user).get("/api/cases", page_size=5).json()
    second = api(user).get("/api/cases", page_size=5, page=2).json()
    assert first["count"] == 7 and len(first["results"]) == 5 and len(second["results"]) == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    capped = api(user).get("/api/cases", page_size=10_000).json()
    assert capped["page_size"] == 100


def test_searches_are_audited_without_the_searched_values(api, user, make_case):
    make_case(user)
    api(user).get("/api/cases", name="Testa Fakename")
    entry = AuditEntry.objects.filter(action="search").latest("seq")
    assert entry.detail == {"filters": ["name"]}
    assert "Testa" not in json.dumps(entry.detail)


def test_only_authorised_roles_decide_trafficking_status(api, org, make_user, make_case):
    caseworker = make_user(org, "caseworker", username="cw2")
    supervisor = make_user(org, "supervisor", username="sup2")
    case = make_case(supervisor)
    response = api(caseworker).post("/api/cases", {"trafficking_status":
                                                   "ActualVictimOfTrafficking"})
    assert response.status_code == 400
    assert "trafficking_status" in response.json()["errors"]
    ok = api(supervisor).patch(f"/api/cases/{case.pk}", {
        "trafficking_status": "PossibleVictimOfTrafficking", "status_decided_by": "NGO"})
    assert ok.status_code == 200
    assert AuditEntry.objects.filter(action="decision", object_id=str(case.pk)).exists()


def test_soft_delete_and_restore(api, org, make_user, make_case):
    sup = make_user(org, "supervisor", username="sup3")
    admin = make_user(org, "org_admin", username="adm3")
    case = make_case(sup)
    assert api(sup).delete(f"/api/cases/{case.pk}").status_code == 204
    assert api(sup).get(f"/api/cases/{case.pk}").status_code == 404
    assert api(sup).get("/api/cases").json()["count"] == 0
    assert Case.objects.filter(pk=case.pk).exists()  # hidden, not gone
    assert api(sup).post(f"/api/cases/{case.pk}/restore").status_code == 403
    assert api(admin).post(f"/api/cases/{case.pk}/restore").status_code == 200
    assert api(sup).get(f"/api/cases/{case.pk}").status_code == 200


def test_comments_and_consents(api, user, make_case):
    case = make_case(user)
    a = api(user)
    assert a.post(f"/api/cases/{case.pk}/comments", {"text": ""}).status_code == 400
    assert a.post(f"/api/cases/{case.pk}/comments", {"text": "Called the shelter."}
                  ).status_code == 201
    consent = a.post(f"/api/cases/{case.pk}/consents",
                     {"scope": "share_with_organisations", "given": True})
    assert consent.status_code == 201
    assert a.post(f"/api/cases/{case.pk}/consents", {"scope": "everything"}).status_code == 400
    cid = consent.json()["id"]
    assert a.post(f"/api/cases/{case.pk}/consents/{cid}/withdraw").status_code == 200
    body = a.get(f"/api/cases/{case.pk}").json()
    assert body["comments"][0]["text"] == "Called the shelter."
    assert body["consents"][0]["withdrawn_at"] is not None


def test_access_log_lists_who_saw_the_case(api, org, make_user, make_case):
    sup = make_user(org, "supervisor", username="viewer1")
    case = make_case(sup)
    api(sup).get(f"/api/cases/{case.pk}")
    log = api(sup).get(f"/api/cases/{case.pk}/access-log").json()
    assert {"create", "view"} <= {e["action"] for e in log}
    assert all(e["username"] == "viewer1" for e in log)


def test_erase_through_the_api(api, org, make_user, make_case):
    admin = make_user(org, "org_admin", username="eraser")
    sup = make_user(org, "supervisor", username="not_eraser")
    case = make_case(admin)
    url = f"/api/cases/{case.pk}/erase"
    body = {"confirm_reference": case.reference, "request_reference": "DPR-2026-1"}
    assert api(sup).post(url, body).status_code == 403
    wrong = api(admin).post(url, {**body, "confirm_reference": "SPN-0"})
    assert wrong.status_code == 400 and "confirm_reference" in wrong.json()["errors"]
    assert api(admin).post(url, body).json() == {"erased": case.reference}
    assert not Case.objects.filter(pk=case.pk).exists()
    assert api(admin).get(f"/api/cases/{case.pk}").status_code == 404


def test_deleted_list_for_org_admins_only(api, org, make_user, make_case):
    admin = make_user(org, "org_admin", username="adm9")
    sup = make_user(org, "supervisor", username="sup9")
    case = make_case(admin)
    api(admin).delete(f"/api/cases/{case.pk}")
    assert [c["id"] for c in api(admin).get("/api/cases/deleted").json()] == [str(case.pk)]
    assert api(sup).get("/api/cases/deleted").status_code == 403


def test_reading_the_access_log_is_itself_audited(api, user, make_case):
    case = make_case(user)
    api(user).get(f"/api/cases/{case.pk}/access-log")
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk), via="api",
                                     detail__page="access_log").exists()


def test_outside_attempts_show_only_to_auditors(api, org, other_org, make_user, make_case):
    sup = make_user(org, "supervisor", username="sup_log")  # has audit.view
    analyst = make_user(org, "analyst", username="ana_log")  # does not
    intruder = make_user(other_org, "org_admin", username="intruder")
    case = make_case(sup)
    assert api(intruder).get(f"/api/cases/{case.pk}").status_code == 404
    seen_by_sup = {e["username"] for e in api(sup).get(f"/api/cases/{case.pk}/access-log").json()}
    seen_by_analyst = {e["username"] for e in
                       api(analyst).get(f"/api/cases/{case.pk}/access-log").json()}
    assert "intruder" in seen_by_sup
    assert "intruder" not in seen_by_analyst and "sup_log" in seen_by_analyst


def test_counts_stop_at_a_cap(api, user, make_case, monkeypatch):
    from tipnet.cases.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for _ in range(5):
        make_case(user, contacts=[], documents=[])
    body = api(user).get("/api/cases", page_size=2).json()
    assert body["count"] == 3 and body["count_capped"] is True
    assert len(body["results"]) == 2
    assert api(user).get("/api/cases", page_size=2, page=2).json()["results"]
    small = api(user).get("/api/cases", status="Closed").json()
    assert small["count"] == 0 and small["count_capped"] is False
