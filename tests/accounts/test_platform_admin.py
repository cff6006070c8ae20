"""The platform administrator runs tipnet but never reads a case; every admin change is
audited; a suspended organisation loses access at once."""

import pytest

from tipnet.accounts.models import ApiToken, User
from tipnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(org):
    return User.objects.create_superuser("root", "root@example.org", "correct horse battery",
                                         organisation=org, role="org_admin")


def test_staff_sees_no_case_whatever_its_role(superuser, org_admin, make_case, api):
    case = make_case(org_admin)
    assert api(superuser).get("/api/cases").json()["count"] == 0
    assert api(superuser).get(f"/api/cases/{case.pk}").status_code == 404


def test_tokens_cannot_be_moved_or_revived_in_the_admin(verified_client, superuser, org_admin):
    token, _ = ApiToken.issue(superuser)
    token.revoke()
    client = verified_client(superuser)
    response = client.post(f"/admin/accounts/apitoken/{token.pk}/change/",
                           {"user": org_admin.pk, "name": "x", "revoked_at": ""})
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.user_id == superuser.pk and token.revoked_at is not None


def test_admin_changes_are_audited(verified_client, superuser, org, caseworker):
    client = verified_client(superuser)
    response = client.post(f"/admin/accounts/user/{caseworker.pk}/change/", {
        "username": caseworker.username, "organisation": org.pk, "role": "supervisor",
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01", "initial-date_joined_1": "00:00:00"})
    assert response.status_code == 302, response.content[:3000]
    caseworker.refresh_from_db()
    assert caseworker.role == "supervisor"
    entry = AuditEntry.objects.get(action="admin_change")
    assert entry.object_type == "accounts.user" and entry.object_id == str(caseworker.pk)
    assert entry.username == "root" and "role" in entry.detail["message"].lower()


def test_suspended_organisation_loses_access(client, org, org_admin, make_case, api,
                                             totp_device):
    case = make_case(org_admin)
    token_api = api(org_admin)
    assert token_api.get(f"/api/cases/{case.pk}").status_code == 200
    org.is_active = False
    org.save()
    assert token_api.get(f"/api/cases/{case.pk}").status_code == 401
    _, code = totp_device(org_admin)
    response = client.post("/accounts/login/", {"username": org_admin.username,
                                                "password": "correct horse battery",
                                                "otp_token": code()})
    assert response.status_code == 200 and b"suspended" in response.content
    assert client.get("/").status_code == 302
    from tipnet.cases import services

    assert services.visible_cases(org_admin).count() == 0


def test_typed_text_in_place_of_an_id_is_not_kept(api, org_admin):
    response = api(org_admin).get("/api/cases/Maria Lopez 1999")
    assert response.status_code == 404
    entry = AuditEntry.objects.filter(action="denied").latest("seq")
    assert "Maria" not in entry.object_id and "Maria" not in str(entry.detail)
    assert entry.detail["malformed_id"] is True


def test_unknown_username_is_not_kept_on_failed_login(client):
    client.post("/accounts/login/", {"username": "my secret password", "password": "x" * 12})
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.detail["username"] == ""
