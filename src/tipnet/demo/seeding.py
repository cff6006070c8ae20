"""Create (and remove) the demo data set: organisations, teams, users with second factors,
and cases made through the same service calls the pages and the API use, so that encryption,
blind indexes and the audit trail are exactly as in real use.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from tipnet.accounts.models import Organisation, Team, User
from tipnet.audit import services as audit
from tipnet.cases import notes, services
from tipnet.cases.models import Case, Person
from tipnet.codelists import services as codelists

from . import directory, identification, referrals
from .factory import CaseFactory
from .scenarios import ORGANISATIONS, OrgSpec
from .totp import USERNAME_PREFIX, base32_secret, create_device, demo_device, demo_key

# Printed by seed_demo for every demo user; demo data is refused in production (--force).
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
SYSADMIN_USERNAME = f"{USERNAME_PREFIX}sysadmin"
DEFAULT_SEED = 2026
# Who writes the cases in an organisation, by role (roles without case.create never do).
AUTHOR_WEIGHTS = {"caseworker": 5, "hotline_operator": 3, "screener": 3, "investigator": 3,
                  "supervisor": 1, "org_admin": 1}


class DemoError(Exception):
    pass


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organisation: str
    secret: str


@dataclass
class SeedResult:
    organisations: int
    users: int
    cases: int
    decisions: int
    comments: int
    consents: int


def username_for(org: OrgSpec | None, role: str) -> str:
    if org is None:
        return SYSADMIN_USERNAME
    if org.main:
        return f"{USERNAME_PREFIX}{role}"
    return f"{USERNAME_PREFIX}{org.key}.{role}"


def demo_organisations():  # type: ignore[no-untyped-def]
    return Organisation.objects.filter(
        case_prefix__in=[o.case_prefix for o in ORGANISATIONS],
        name__in=[o.name for o in ORGANISATIONS])


def demo_users() -> list[User]:
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).select_related(
        "organisation")
    return [u for u in users if demo_device(u) is not None]


def demo_present() -> bool:
    return demo_organisations().exists() or bool(demo_users())


def logins() -> list[Login]:
    """Every demo user: the system administrator first, then by organisation and role."""
    role_order = {code: i for i, code in enumerate(codelists.get("role").codes)}
    org_order = {o.name: i for i, o in enumerate(ORGANISATIONS)}
    users = sorted(demo_users(), key=lambda u: (
        u.organisation is not None,
        org_order.get(u.organisation.name if u.organisation else "", 99),
        role_order.get(u.role, 99), u.username))
    return [Login(u.username, u.role,
                  u.organisation.name if u.organisation else "(platform; Django superuser)",
                  base32_secret(demo_key(u.username))) for u in users]


def _check_roles() -> list[str]:
    from tipnet.accounts.roles import roles

    codes = codelists.get("role").codes
    missing = [c for c in codes if c not in roles()]
    if missing:
        raise DemoError(f"roles {missing} are in the role code list but not in "
                        "accounts/data/roles.json")
    return codes


def _make_user(username: str, role: str, org: Organisation | None, password_hash: str,
               teams: list[Team], **extra: Any) -> User:
    user = User(username=username, role=role, organisation=org, password=password_hash,
                first_name="Demo", last_name=role.replace("_", " ").title(),
                email=f"{username}@example.org", **extra)
    user.save()
    if teams:
        user.teams.set(teams)
    create_device(user)
    return user


def _create_people(
        password_hash: str) -> tuple[dict[str, Organisation], dict[str, dict[str, User]]]:
    role_codes = _check_roles()
    taken = set(Organisation.objects.filter(
        case_prefix__in=[o.case_prefix for o in ORGANISATIONS]).values_list("case_prefix",
                                                                             flat=True))
    if taken:
        raise DemoError(f"case prefixes {sorted(taken)} are already used by other "
                        "organisations; the demo data set needs them")
    clash = list(User.objects.filter(username__startswith=USERNAME_PREFIX)
                 .values_list("username", flat=True)[:5])
    if clash:
        raise DemoError(f"users named {clash} exist but are not demo users; remove or rename "
                        "them first")
    orgs: dict[str, Organisation] = {}
    users: dict[str, dict[str, User]] = {}
    _make_user(SYSADMIN_USERNAME, "system_admin", None, password_hash, [],
               is_staff=True, is_superuser=True)
    for spec in ORGANISATIONS:
        org = Organisation.objects.create(
            name=spec.name, kind=spec.kind, htcds_type=spec.htcds_type, country=spec.country,
            city=spec.city, case_prefix=spec.case_prefix)
        orgs[spec.key] = org
        teams = {name: Team.objects.create(organisation=org, name=name) for name in spec.teams}
        staff = dict(spec.staff)
        if spec.main:  # a user of every role (but the system administrator, who has none)
            for code in role_codes:
                if code != "system_admin":
                    staff.setdefault(code, ())
        users[spec.key] = {}
        for role in sorted(staff, key=role_codes.index):
            users[spec.key][role] = _make_user(
                username_for(spec, role), role, org, password_hash,
                [teams[t] for t in staff[role]])
    return orgs, users


def seed(*, cases: int = 300, seed: int = DEFAULT_SEED, today: dt.date | None = None,
         progress: Callable[[int], Any] | None = None) -> SeedResult:
    """Create the whole demo data set in one transaction (all or nothing)."""
    if demo_present():
        raise DemoError("demo data is already present")
    today = today or timezone.localdate()
    rng = random.Random(seed)
    id_rng = random.Random(seed + 1)  # apart, so that the cases are the same as without it
    factory = CaseFactory(rng, today)
    password_hash = make_password(DEMO_PASSWORD)
    decisions = comments = consents = 0
    with transaction.atomic():
        orgs, users = _create_people(password_hash)
        directory.seed(User.objects.get(username=SYSADMIN_USERNAME))
        specs = {s.key: s for s in ORGANISATIONS}
        org_keys = [s.key for s in ORGANISATIONS]
        shares = [s.share for s in ORGANISATIONS]
        for _ in range(cases):
            key = rng.choices(org_keys, weights=shares)[0]
            staff = users[key]
            authors = [u for role, u in staff.items() if role in AUTHOR_WEIGHTS
                       and u.can("case.create")]
            author = rng.choices(authors, weights=[AUTHOR_WEIGHTS[u.role] for u in authors])[0]
            demo_case = factory.build(specs[key])
            case = services.create_case(author, demo_case.data, via="cli")
            decider = next((u for role, u in staff.items() if role in ("supervisor", "org_admin")
                            and u.can("case.decide_status")), None)
            if demo_case.decision and decider is not None:
                status, decided_by = demo_case.decision
                services.update_case(decider, case.pk, {"trafficking_status": status,
                                                        "status_decided_by": decided_by},
                                     via="cli")
                decisions += 1
            for consent in demo_case.consents:
                given_at = timezone.make_aware(consent["given_at"])
                notes.record_consent(author, case.pk, {**consent, "given_at": given_at},
                                     via="cli")
                consents += 1
            for text in demo_case.comments:
                commenter = rng.choice([author, decider] if decider else [author])
                notes.add_comment(commenter, case.pk, text, via="cli")
                comments += 1
            identification.seed_case(id_rng, author, case, demo_case.data)
            if progress:
                progress(1)
        referrals.seed(random.Random(seed + 2), orgs, users)
    n_users = 1 + sum(len(u) for u in users.values())
    return SeedResult(len(orgs), n_users, cases, decisions, comments, consents)


def reset() -> dict[str, int]:
    """Remove the demo data set. Audit entries stay: the log is append-only."""
    from tipnet.cases.attachments import delete_blob
    from tipnet.cases.models import Attachment

    orgs = list(demo_organisations())
    users = {u.pk: u for u in demo_users()}
    users.update((u.pk, u) for u in User.objects.filter(
        organisation__in=orgs, username__startswith=USERNAME_PREFIX))
    users = list(users.values())
    with transaction.atomic():
        case_qs = Case.objects.filter(organisation__in=orgs)
        blobs = list(Attachment.objects.filter(case__in=case_qs).values_list("blob", flat=True))
        n_cases = case_qs.count()
        try:
            case_qs.delete()
            Person.objects.filter(organisation__in=orgs).delete()
            for user in users:
                user.delete()
            for org in orgs:
                org.delete()
        except ProtectedError as exc:
            names = sorted({o._meta.label for o in exc.protected_objects})
            raise DemoError(f"cannot remove the demo data: other records refer to it "
                            f"({', '.join(names)})") from exc
        audit.record("delete", object_type="demo.dataset", via="cli",
                     detail={"organisations": len(orgs), "users": len(users),
                             "cases": n_cases})
        directory.reset()
        transaction.on_commit(lambda: [delete_blob(b) for b in blobs])
    return {"organisations": len(orgs), "users": len(users), "cases": n_cases}
