"""Identity and peers: made by system administrators only, with the fingerprint checked, by
command and in the admin; the status page."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tipnet.audit.models import AuditEntry
from tipnet.federation import envelope, services
from tipnet.federation.models import LocalIdentity, Peer

from .conftest import card_of

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_identity_generated_once_with_private_keys_sealed(sysadmin):
    run("federation_identity", "--generate", "--name", "Safe Passage",
        "--url", "https://sp.example.org", "--user", sysadmin.username)
    identity = LocalIdentity.objects.get()
    shown = run("federation_identity")
    assert envelope.grouped(identity.fingerprint) in shown
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT signing_seed, encryption_secret FROM federation_localidentity")
        sealed = cursor.fetchone()
    assert all(v.startswith("tn1:") for v in sealed)
    assert identity.private.public.fingerprint == identity.fingerprint
    with pytest.raises(CommandError, match="already has an identity"):
        run("federation_identity", "--generate", "--name", "X", "--url",
            "https://x.example.org", "--user", sysadmin.username)
    assert AuditEntry.objects.filter(action="federation_identity").count() == 1


def test_replacing_the_identity_keeps_the_old_one_inactive(sysadmin, identity):
    services.create_identity(sysadmin, name="Here", base_url="https://here.example.org",
                             replace=True)
    assert LocalIdentity.objects.filter(is_current=True).count() == 1
    assert LocalIdentity.objects.count() == 2


def test_the_card_holds_public_keys_only(identity, tmp_path):
    path = tmp_path / "card.json"
    run("federation_identity", "--card", "--output", str(path))
    card = json.loads(path.read_text())
    assert set(card) == {"format", "name", "url", "signing_key", "encryption_key",
                         "fingerprint"}
    assert card["fingerprint"] == identity.fingerprint


def test_only_system_administrators(caseworker, remote_keys, tmp_path):
    with pytest.raises(CommandError, match="federation.manage"):
        run("federation_identity", "--generate", "--name", "X", "--url",
            "https://x.example.org", "--user", caseworker.username)
    path = tmp_path / "card.json"
    path.write_text(json.dumps(card_of(remote_keys)))
    with pytest.raises(CommandError, match="federation.manage"):
        run("federation_peer", "add", str(path), "--fingerprint",
            remote_keys.public.fingerprint, "--user", caseworker.username)
    assert AuditEntry.objects.filter(action="denied").count() == 2


def test_a_peer_is_added_only_with_the_fingerprint_its_administrator_read_out(
        sysadmin, identity, remote_keys, tmp_path):
    path = tmp_path / "card.json"
    path.write_text(json.dumps(card_of(remote_keys)))
    wrong = envelope.grouped(envelope.PrivateIdentity.generate().public.fingerprint)
    with pytest.raises(CommandError, match="Do not add this peer"):
        run("federation_peer", "add", str(path), "--fingerprint", wrong,
            "--user", sysadmin.username)
    shown = envelope.grouped(remote_keys.public.fingerprint).lower()
    out = run("federation_peer", "add", str(path), "--fingerprint", shown,
              "--user", sysadmin.username)
    assert "There: active" in out and envelope.grouped(remote_keys.public.fingerprint) in out
    assert "There" in run("federation_peer", "list")
    with pytest.raises(CommandError, match="already registered"):
        run("federation_peer", "add", str(path), "--fingerprint", shown, "--name", "Again",
            "--user", sysadmin.username)
    run("federation_peer", "deactivate", "There", "--user", sysadmin.username)
    assert not Peer.objects.get().is_active
    assert AuditEntry.objects.filter(object_type="federation.peer",
                                     action__in=["create", "update"]).count() == 2


def test_an_altered_card_is_refused(sysadmin, identity, remote_keys):
    card = card_of(remote_keys)
    card["encryption_key"] = envelope.b64e(envelope.PrivateIdentity.generate()
                                           .public.encryption_key)
    with pytest.raises(services.FederationError, match="altered"):
        services.add_peer(sysadmin, card, fingerprint=card["fingerprint"])
    with pytest.raises(services.FederationError, match="own identity"):
        services.add_peer(sysadmin, services.identity_card(), fingerprint=identity.fingerprint)


def test_rekey_takes_the_peers_new_identity(sysadmin, peer):
    new = envelope.PrivateIdentity.generate()
    services.rekey_peer(sysadmin, peer, card_of(new), fingerprint=new.public.fingerprint)
    peer.refresh_from_db()
    assert peer.fingerprint == new.public.fingerprint


def test_status_command(peer):
    status = json.loads(run("federation_status", "--json"))
    assert status["peers"][0]["peer"] == "There" and status["peers"][0]["pending"] == 0
    assert "There: waiting 0" in run("federation_status")


def test_admin_adds_a_peer_from_its_card(verified_client, sysadmin, identity, remote_keys,
                                         settings):
    client = verified_client(sysadmin)
    card = json.dumps(card_of(remote_keys))
    response = client.post("/admin/federation/peer/add/", {
        "name": "", "card": card, "checked_fingerprint": "0" * 64})
    assert response.status_code == 200 and b"Do not add this peer" in response.content
    response = client.post("/admin/federation/peer/add/", {
        "name": "Harbour", "card": card,
        "checked_fingerprint": envelope.grouped(remote_keys.public.fingerprint)})
    assert response.status_code == 302, response.content[:2000]
    peer = Peer.objects.get()
    assert peer.name == "Harbour" and peer.added_by == sysadmin
    assert AuditEntry.objects.filter(action="create", object_type="federation.peer").exists()
    page = client.get(f"/admin/federation/peer/{peer.pk}/change/")
    assert envelope.grouped(peer.fingerprint).encode() in page.content
    settings.TIPNET_FEDERATION_ALLOW_HTTP = False
    response = client.post(f"/admin/federation/peer/{peer.pk}/change/", {
        "name": "Harbour", "base_url": "http://there.example.org", "is_active": "on"})
    assert response.status_code == 200 and b"https://" in response.content
    response = client.post(f"/admin/federation/peer/{peer.pk}/change/", {
        "name": "Harbour", "base_url": "https://new.example.org", "is_active": ""})
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.base_url == "https://new.example.org" and not peer.is_active


def test_admin_and_status_page_are_for_system_administrators(verified_client, sysadmin,
                                                             peer, org_admin):
    client = verified_client(sysadmin)
    services.send(peer, "ping", {}, idempotency_key="k-1")
    page = client.get("/federation/")
    assert page.status_code == 200
    assert envelope.grouped(peer.fingerprint).encode() in page.content
    assert b"There" in page.content and b"waiting to be delivered" in page.content
    assert client.get("/admin/federation/outboxmessage/").status_code == 200
    client.post("/accounts/logout/")
    other = verified_client(org_admin)
    assert other.get("/federation/").status_code == 403
    assert other.get("/admin/federation/peer/").status_code in (302, 403)
