"""The permission matrix, generated: every role × every case endpoint × own / other
organisation. Another organisation's case is always 404 (and audited); inside the
organisation, the role's scope and permissions decide."""

import json

import pytest

from tipnet.accounts.roles import roles
from tipnet.audit.models import AuditEntry
from tipnet.cases.models import Case

pytestmark = pytest.mark.django_db

ROLES = sorted(roles())

# (name, method, path template, body, permission it needs)
ENDPOINTS = [
    ("read", "get", "/api/cases/{id}", None, "case.view"),
    ("patch", "patch", "/api/cases/{id}", {"narrative": "changed"}, "case.change"),
    ("access-log", "get", "/api/cases/{id}/access-log", None, "case.view"),
    ("comment", "post", "/api/cases/{id}/comments", {"text": "hello"}, "case.change"),
    ("consent", "post", "/api/cases/{id}/consents", {"scope": "services"}, "case.change"),
    ("delete", "delete", "/api/cases/{id}", None, "case.delete"),
]


def _call(client, user, api_token, method, path, body):
    headers = {"Authorization": f"Bearer {api_token(user)}"}
    fn = getattr(client, method)
    if body is None:
        return fn(path, headers=headers)
    return fn(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def cases(org, other_org, make_user, make_case):
    owner = make_user(org, "org_admin", username="owner_here")
    foreign_owner = make_user(other_org, "org_admin", username="owner_there")
    return {"own": make_case(owner), "other": make_case(foreign_owner)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_other_organisations_case_is_404_and_audited(client, api_token, org, make_user, cases,
                                                    role, endpoint):
    _, method, path, body, _perm = endpoint
    user = make_user(org, role, username=f"u_{role}")
    target = cases["other"]
    response = _call(client, user, api_token, method, path.format(id=target.pk), body)
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_id=str(target.pk),
                                     user_id=user.pk).exists()
    assert Case.objects.get(pk=target.pk).deleted_at is None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_own_organisation_follows_role(client, api_token, org, make_user, cases, role, endpoint):
    _, method, path, body, perm = endpoint
    user = make_user(org, role, username=f"u_{role}")
    spec = roles()[role]
    target = cases["own"]  # owned by someone else in the same organisation
    response = _call(client, user, api_token, method, path.format(id=target.pk), body)
    if spec.scope != "organisation":
        # own/team scope: a colleague's case outside their team is as good as absent.
        assert response.status_code == 404
    elif perm in spec.permissions:
        assert response.status_code in (200, 201, 204), response.content
    else:
        assert response.status_code == 403
        assert AuditEntry.objects.filter(action="denied", object_id=str(target.pk),
                                         detail__reason="role").exists()


@pytest.mark.parametrize("role", [r for r in ROLES if "case.create" in roles()[r].permissions])
def test_creator_sees_own_case_whatever_the_scope(org, make_user, api, role, sample_case_data):
    user = make_user(org, role, username=f"c_{role}")
    created = api(user).post("/api/cases", sample_case_data)
    assert created.status_code == 201
    listed = api(user).get("/api/cases")
    assert [c["id"] for c in listed.json()["results"]] == [created.json()["id"]]


def test_team_scope_sees_team_cases_not_others(org, make_user, make_case, api):
    a = make_user(org, "caseworker", username="a", team="North")
    b = make_user(org, "caseworker", username="b", team="North")
    c = make_user(org, "caseworker", username="c", team="South")
    case = make_case(a)
    assert api(b).get(f"/api/cases/{case.pk}").status_code == 200
    assert api(c).get(f"/api/cases/{case.pk}").status_code == 404


def test_list_never_shows_another_organisations_cases(cases, org, make_user, api):
    user = make_user(org, "supervisor")
    ids = {c["id"] for c in api(user).get("/api/cases").json()["results"]}
    assert ids == {str(cases["own"].pk)}


def test_system_admin_sees_no_case(cases, org, make_user, api):
    admin = make_user(org, "system_admin")
    assert api(admin).get("/api/cases").json()["count"] == 0


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "00000000-0000-0000-0000-000000000000"])
def test_malformed_or_unknown_id_is_404(org, make_user, api, bad_id):
    user = make_user(org, "supervisor")
    assert api(user).get(f"/api/cases/{bad_id}").status_code == 404


@pytest.mark.parametrize("path", ["/cases/{id}/", "/cases/{id}/edit/", "/cases/{id}/access-log/"])
def test_pages_give_404_for_other_organisation(verified_client, cases, org, make_user, path):
    user = make_user(org, "org_admin", username="pageuser")
    client = verified_client(user)
    assert client.get(path.format(id=cases["other"].pk)).status_code == 404
    assert client.get(path.format(id=cases["own"].pk)).status_code == 200
