"""Fixtures for federation tests. (``deployments``, the two real deployments, is in the
root conftest: referral tests use it too.)"""

from __future__ import annotations

import pytest

from tipnet.federation import envelope


@pytest.fixture
def sysadmin(make_user):
    from tipnet.accounts.models import User

    return User.objects.create_user("sys.admin", password="correct horse battery",
                                    role="system_admin", is_staff=True)


@pytest.fixture
def identity(sysadmin):
    """This (test) deployment's identity."""
    from tipnet.federation import services

    return services.create_identity(sysadmin, name="Here", base_url="https://here.example.org")


@pytest.fixture
def remote_keys():
    """The key pairs of another deployment, held by the test."""
    return envelope.PrivateIdentity.generate()


def card_of(keys, name="There", url="https://there.example.org"):
    public = keys.public
    return {"format": "tipnet-federation-identity/1", "name": name, "url": url,
            "signing_key": envelope.b64e(public.signing_key),
            "encryption_key": envelope.b64e(public.encryption_key),
            "fingerprint": public.fingerprint}


@pytest.fixture
def peer(sysadmin, identity, remote_keys):
    """The other deployment, registered here as a peer."""
    from tipnet.federation import services

    return services.add_peer(sysadmin, card_of(remote_keys),
                             fingerprint=envelope.grouped(remote_keys.public.fingerprint))
