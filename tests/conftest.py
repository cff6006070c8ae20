"""Shared fixtures: organisations in two countries, a user of every role, a logged-in client.

Tests run against a real database (SQLite by default, PostgreSQL when DATABASE_URL says so).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TIPNET_ENV", "test")


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing strength is not under test here and PBKDF2 makes every fixture user slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_org(db):
    from tipnet.accounts.models import Organisation

    def make(name="Safe Passage NGO", country="NP", prefix="SPN", kind="ngo"):
        return Organisation.objects.create(name=name, kind=kind, country=country,
                                           case_prefix=prefix)
    return make


@pytest.fixture
def org(make_org):
    return make_org()


@pytest.fixture
def other_org(make_org):
    return make_org(name="Harbour Shelter", country="IN", prefix="HBS", kind="shelter")


@pytest.fixture
def make_user(db):
    from tipnet.accounts.models import Team, User

    def make(org, role="caseworker", username=None, team=None, password="correct horse battery",
             email=""):
        username = username or f"{role}_{org.case_prefix.lower()}"
        user = User.objects.create_user(username, password=password, organisation=org, role=role,
                                        email=email)
        if team:
            t, _ = Team.objects.get_or_create(organisation=org, name=team)
            user.teams.add(t)
        return user
    return make


@pytest.fixture
def caseworker(org, make_user):
    return make_user(org, "caseworker", team="Protection")


@pytest.fixture
def org_admin(org, make_user):
    return make_user(org, "org_admin")


@pytest.fixture
def totp_device(db):
    """Give a user a confirmed TOTP device; returns a function that yields a current code."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)

        def code(offset=0):
            value = totp(device.bin_key, step=device.step, t0=device.t0,
                         digits=device.digits, drift=offset)
            return f"{value:06d}"
        return device, code
    return make


@pytest.fixture
def verified_client(client, totp_device):
    """A Django test client signed in through the real login form (password + TOTP)."""

    def login(user, password="correct horse battery"):
        _, code = totp_device(user)
        response = client.post("/accounts/login/", {"username": user.username,
                                                    "password": password, "otp_token": code()})
        assert response.status_code == 302, response.content[:500]
        return client
    return login


@pytest.fixture
def api_token(db):
    from tipnet.accounts.models import ApiToken

    def make(user):
        _, raw = ApiToken.issue(user, name="test")
        return raw
    return make


@pytest.fixture
def api(client, api_token):
    """api(user).get('/api/cases') — a client sending that user's bearer token."""

    class Api:
        def __init__(self, user):
            self.headers = {"Authorization": f"Bearer {api_token(user)}"}

        def get(self, path, **params):
            return client.get(path, params, headers=self.headers)

        def post(self, path, data=None, **kw):
            return client.post(path, data, content_type="application/json",
                               headers=self.headers, **kw)

        def patch(self, path, data=None):
            return client.patch(path, data, content_type="application/json",
                                headers=self.headers)

        def delete(self, path):
            return client.delete(path, headers=self.headers)

    return Api


@pytest.fixture(scope="session")
def deployments(tmp_path_factory):
    """Two real tipnet deployments, A and B, serving on localhost, each registered as the
    other's peer (tests/federation/servers.py). Session-scoped: made once, shared by every
    test that asks for it (about fifteen seconds to set up), torn down at the end."""
    from tests.federation import servers

    pair = servers.pair(tmp_path_factory.mktemp("federation"))
    try:
        yield pair
    finally:
        pair.close()


SAMPLE_CASE = {
    "person": {"given_name": "Testa", "family_name": "Fakename", "gender": "Feminine",
               "birth_date": "2001-04-05", "citizenship": ["NP"], "languages": ["ne"]},
    "country": "IN",
    "identified_on": "2026-03-01",
    "exploitation_types": ["ForcedLabour"],
    "methods_of_control": ["DebtBondage", "WithholdsDocuments"],
    "industry": "F_Construction",
    "narrative": "Recruited for hotel work, made to work on a building site.",
    "aliases": ["Tess"],
    "contacts": [{"kind": "phone", "value": "+977 984-1234567"}],
    "documents": [{"kind": "passport", "number": "PA 99887766", "issuing_country": "NP"}],
    "movements": [{"stage": "Recruitment", "from_country": "NP", "from_place": "Kathmandu",
                   "to_country": "IN", "to_place": "Delhi", "transport": "bus",
                   "border_crossing": "Sunauli"}],
    "perpetrators": [{"name": "Fake Recruiter", "roles": ["RecruiterOrIntermediary"]}],
}


@pytest.fixture
def sample_case_data():
    import copy

    return copy.deepcopy(SAMPLE_CASE)


@pytest.fixture
def make_case(sample_case_data):
    from tipnet.cases import services

    def make(user, **overrides):
        data = {**sample_case_data, **overrides}
        return services.create_case(user, data)
    return make


# --- The audit log's append-only triggers vs. transactional tests ---------------------------
#
# After a transactional test (live_server, transaction=True) Django empties every table: a
# TRUNCATE on PostgreSQL, a DELETE on SQLite, both of which the audit log's triggers refuse.
# So the triggers are switched off just for that flush and back on right after it: every other
# test runs against an append-only log.

def _audit_triggers(blocker, install: bool) -> None:
    import importlib

    from django.db import connection

    sets = [importlib.import_module("tipnet.audit.migrations.0002_append_only_trigger")
            .APPEND_ONLY,
            importlib.import_module("tipnet.audit.migrations.0003_protect_truncate_and_head")
            .HEAD_AND_TRUNCATE]
    with blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for triggers in sets:
                for statement in (triggers.sqlite if install else triggers.sqlite_drop):
                    cursor.execute(statement)
        elif connection.vendor == "postgresql":
            verb = "ENABLE" if install else "DISABLE"
            for table in ("audit_auditentry", "audit_chainhead"):
                cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER USER")


def _is_transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return "live_server" in names or "transactional_db" in names or bool(
        marker and marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _db_blocker_for_teardown(django_db_blocker):
    """Puts django_db_blocker among every test's funcargs for the teardown hook below."""
    return django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    blocker = None
    if _is_transactional(item):
        blocker = item.funcargs["django_db_blocker"]
        _audit_triggers(blocker, install=False)
    try:
        return (yield)
    finally:
        # After the last test the test database is gone: nothing to restore.
        if blocker is not None and nextitem is not None:
            _audit_triggers(blocker, install=True)
