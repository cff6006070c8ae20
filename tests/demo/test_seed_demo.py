"""``tipnet seed_demo`` and ``tipnet demo_totp``: demo organisations, users of every role with
working second factors, encrypted synthetic cases, idempotence and the production guard."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db import connection

from tipnet.accounts.models import Organisation, User
from tipnet.audit.models import AuditEntry
from tipnet.audit.services import verify_chain
from tipnet.cases.models import Case
from tipnet.codelists import services as codelists
from tipnet.demo import seeding, totp
from tipnet.demo.people import FAMILY_MARKERS
from tipnet.demo.scenarios import ORGANISATIONS

pytestmark = pytest.mark.django_db

MAIN = next(o for o in ORGANISATIONS if o.main)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def demo_totp(username: str) -> str:
    out = io.StringIO()
    call_command("demo_totp", username, stdout=out)
    return out.getvalue().strip()


def _raw_rows(table: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return "\n".join(repr(row) for row in cur.fetchall())


@pytest.fixture
def seeded():
    return seed("--cases", "12")


def test_organisations_in_several_countries(seeded):
    orgs = Organisation.objects.filter(case_prefix__in=[o.case_prefix for o in ORGANISATIONS])
    assert orgs.count() == len(ORGANISATIONS) >= 4
    assert len({o.country.code for o in orgs}) >= 2
    assert len({o.case_prefix for o in orgs}) == orgs.count()
    kinds = set(codelists.get("organisation_type").codes)
    assert all(o.kind in kinds for o in orgs)
    assert all(o.teams.exists() for o in orgs)


def test_a_user_of_every_role_with_one_password_and_a_second_factor(seeded):
    main = Organisation.objects.get(case_prefix=MAIN.case_prefix)
    users = seeding.demo_users()
    roles = {u.role for u in users}
    assert roles == set(codelists.get("role").codes)
    for code in codelists.get("role").codes:
        if code != "system_admin":
            assert User.objects.filter(organisation=main, role=code).exists(), code
    # a few users in the other organisations too
    assert User.objects.exclude(organisation=main).filter(organisation__isnull=False).count() >= 8
    for user in users:
        assert user.check_password(seeding.DEMO_PASSWORD)
        validate_password(seeding.DEMO_PASSWORD, user)
        device = totp.demo_device(user)
        assert device is not None and device.confirmed
        assert device.bin_key == totp.demo_key(user.username)  # stable across re-seeds
        assert totp.base32_secret(device.bin_key) in seeded  # printed for the app


def test_system_administrator_is_superuser_without_case_access(seeded):
    from tipnet.cases.services import visible_cases

    admin = User.objects.get(username=seeding.SYSADMIN_USERNAME)
    assert admin.is_superuser and admin.is_staff and admin.role == "system_admin"
    assert admin.organisation is None
    assert Case.objects.count() == 12
    assert not visible_cases(admin).exists()


def test_login_table_is_printed(seeded):
    assert seeding.DEMO_PASSWORD in seeded
    for login in seeding.logins():
        line = next(x for x in seeded.splitlines() if x.startswith(login.username + " "))
        assert login.role in line and login.secret in line
        assert login.organisation in line


def test_cases_are_encrypted_at_rest_and_readable_through_the_models(seeded):
    cases = list(Case.objects.select_related("person"))
    assert len(cases) == 12
    families = [c.person.family_name for c in cases]
    assert all(f.split("-")[0] in FAMILY_MARKERS for f in families)  # clearly fake
    person_rows = _raw_rows("cases_person")
    assert person_rows
    for marker in FAMILY_MARKERS:
        assert f"{marker}-" not in person_rows
    for case in cases:
        # As a whole word: a short name can turn up by chance inside base64 ciphertext.
        assert not re.search(rf"(?<![A-Za-z0-9+/]){re.escape(case.person.given_name)}"
                             rf"(?![A-Za-z0-9+/=])", person_rows)
    for table in ("cases_case", "cases_alias", "cases_perpetrator", "cases_contactdetail",
                  "cases_identitydocument", "cases_casecomment", "cases_consentrecord"):
        rows = _raw_rows(table)
        for family in families:
            assert family not in rows, table
    # the parts a newcomer should see are there
    assert any(c.movements.count() >= 2 for c in cases)
    assert any(c.perpetrators.exists() for c in cases)
    assert all(c.exploitation_types for c in cases)


def test_cases_were_made_through_the_service_with_audit(seeded):
    creates = AuditEntry.objects.filter(action="create", object_type="cases.case", via="cli")
    assert creates.count() == 12
    assert verify_chain() is None  # None: the chain holds


def test_phones_come_from_ranges_reserved_for_fiction(seeded):
    from tipnet.cases.models import ContactDetail

    reserved = re.compile(r"^(?:\S+ )?(\+44 (7700 900|20 7946 0|161 496 0|121 496 0|113 496 0|"
                          r"1632 960)\d{3}|\+1 \d{3}-555-01\d{2})$")
    values = [c.value for c in ContactDetail.objects.filter(kind__in=["phone", "messaging"])]
    assert values
    assert all(reserved.match(v) for v in values), values


def test_second_run_does_nothing(seeded):
    before = (Organisation.objects.count(), User.objects.count(), Case.objects.count(),
              AuditEntry.objects.count())
    out = seed("--cases", "5")
    assert "already present" in out
    assert "demo.caseworker" in out  # the logins are printed again
    after = (Organisation.objects.count(), User.objects.count(), Case.objects.count(),
             AuditEntry.objects.count())
    assert after == before


def test_reset_recreates_the_same_data(seeded):
    first = sorted((c.reference, c.person.display_name)
                   for c in Case.objects.select_related("person"))
    secrets = {x.username: x.secret for x in seeding.logins()}
    out = seed("--reset", "--cases", "12")
    assert "Removed the old demo data" in out
    again = sorted((c.reference, c.person.display_name)
                   for c in Case.objects.select_related("person"))
    assert again == first  # seeded random: reproducible
    assert {x.username: x.secret for x in seeding.logins()} == secrets


def test_demo_totp_prints_a_code_the_device_accepts(seeded, client):
    code = demo_totp("demo.caseworker")
    assert re.fullmatch(r"\d{6}", code)
    user = User.objects.get(username="demo.caseworker")
    response = client.post("/accounts/login/", {"username": user.username,
                                                "password": seeding.DEMO_PASSWORD,
                                                "otp_token": code})
    assert response.status_code == 302, response.content[:500]
    from django.urls import reverse

    from tipnet.cases.services import visible_cases

    response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    references = list(visible_cases(user).values_list("reference", flat=True))
    assert references and any(ref in response.content.decode() for ref in references)


def test_demo_totp_code_verifies_against_the_device(seeded):
    code = demo_totp("demo.lkv.screener")
    device = totp.demo_device(User.objects.get(username="demo.lkv.screener"))
    assert device.verify_token(code)


def test_demo_totp_refuses_other_users_unless_debug(seeded, org, make_user, totp_device,
                                                    settings):
    user = make_user(org, "caseworker", username="real.person")
    totp_device(user)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="not a demo user"):
        demo_totp("real.person")
    # a look-alike is not a demo user either: its key is not the derived one
    fake = make_user(org, "caseworker", username="demo.lookalike")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=fake, name=totp.DEVICE_NAME, confirmed=True)
    with pytest.raises(CommandError, match="not a demo user"):
        demo_totp("demo.lookalike")
    settings.DEBUG = True
    assert re.fullmatch(r"\d{6}", demo_totp("real.person"))


def test_refuses_in_production_without_force(settings):
    settings.TIPNET_ENV = "production"
    with pytest.raises(CommandError, match="production"):
        seed("--cases", "2")
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_refuses_when_the_environment_says_production(monkeypatch):
    monkeypatch.setenv("TIPNET_ENV", "production")
    with pytest.raises(CommandError, match="production"):
        seed("--cases", "2")
    assert not Organisation.objects.exists()


def test_force_runs_in_production_but_reset_stays_refused(settings):
    settings.TIPNET_ENV = "production"
    settings.DEBUG = False
    seed("--force", "--cases", "2")
    assert Case.objects.count() == 2
    with pytest.raises(CommandError, match="reset"):
        seed("--force", "--reset", "--cases", "2")
    assert Case.objects.count() == 2


def test_refuses_when_a_case_prefix_is_taken(make_org):
    make_org(name="Real organisation", prefix=MAIN.case_prefix)
    with pytest.raises(CommandError, match="prefix"):
        seed("--cases", "2")
    assert not User.objects.exists()
