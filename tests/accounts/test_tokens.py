import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tipnet.accounts.models import ApiToken
from tipnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_issue_token_prints_a_working_token_and_stores_only_its_hash(client, caseworker, capsys):
    call_command("issue_token", caseworker.username)
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("tnt_")
    token = ApiToken.objects.get(user=caseworker)
    assert raw not in (token.digest, token.key_id)
    response = client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="token_issued").exists()


def test_revoked_token_stops_working(client, caseworker, capsys):
    call_command("issue_token", caseworker.username)
    raw = capsys.readouterr().out.strip()
    call_command("revoke_token", raw)
    response = client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert AuditEntry.objects.filter(action="token_revoked").exists()


@pytest.mark.parametrize("header", [
    "Bearer tnt_deadbeef_forgedforgedforgedforgedforgedforged",
    "Bearer not-even-a-token",
    "Basic dXNlcjpwYXNz",
    "",
])
def test_forged_or_missing_token_gets_401(client, caseworker, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/cases", headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_forged_token_attempt_is_audited(client):
    client.get("/api/cases", headers={"Authorization": "Bearer tnt_deadbeef_xyz"})
    assert AuditEntry.objects.filter(action="token_rejected").exists()


def test_token_of_deactivated_user_is_refused(client, caseworker, api_token):
    raw = api_token(caseworker)
    caseworker.is_active = False
    caseworker.save()
    assert client.get("/api/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_issue_token_for_unknown_user_fails():
    with pytest.raises(CommandError, match="no active user"):
        call_command("issue_token", "nobody")
