"""Foundation benchmark: cases at scale on the configured database (PostgreSQL for the
figures that count: DATABASE_URL=postgres://...).

    python bench/bench_foundation.py --cases 1000000

Phases (each prints its figures; the load is resumable — rerun and it tops up to --cases):
  load     synthetic cases through the bulk creation path (validation, encryption, blind
           indexes, audit) until the database holds --cases of them
  import   HTCDS CSV import rate: --import-rows cases exported by `export_htcds` to CSV, then
           imported by `import_htcds` (streamed, schema-validated, encrypted, all-or-nothing)
  latency  p95 of exact search by name and by phone, a filtered case-list page and a case page,
           each over --samples requests through the full Django stack (middleware, access
           check, audit entry, template)

Targets from the foundation issue are printed beside each figure. Not a test: nothing
asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipnet.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from synthetic import case_data  # noqa: E402
from tqdm import tqdm  # noqa: E402

from tipnet.accounts.models import Organisation, User  # noqa: E402
from tipnet.cases import services  # noqa: E402
from tipnet.cases.models import Case  # noqa: E402
from tipnet.cases.validation import clean_case_data  # noqa: E402
from tipnet.htcds.services import default_workers  # noqa: E402

TARGETS = {"import": 5000.0, "search_name": 50.0, "search_phone": 50.0, "list_page": 150.0,
           "case_page": 100.0}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def bench_user(prefix: str = "BEN", name: str = "Benchmark NGO") -> User:
    org, _ = Organisation.objects.get_or_create(
        case_prefix=prefix, defaults={"name": name, "kind": "ngo", "country": "NP"})
    user, created = User.objects.get_or_create(
        username=f"bench_{prefix.lower()}", defaults={"organisation": org, "role": "org_admin"})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def load(user: User, target: int, batch: int) -> None:
    have = Case.objects.filter(organisation=user.organisation).count()
    todo = max(0, target - have)
    print(f"load: {have} cases present, creating {todo}")
    if not todo:
        return
    rng = random.Random(have)
    started = time.perf_counter()
    with tqdm(total=todo, unit="case", file=sys.stderr) as bar:
        i = have
        while i < target:
            n = min(batch, target - i)
            items = [clean_case_data(case_data(rng, i + k)) for k in range(n)]
            services.create_many(user, items, via="cli")
            i += n
            bar.update(n)
    elapsed = time.perf_counter() - started
    print(f"load: {todo} cases in {elapsed:.0f} s = {todo / elapsed:,.0f} cases/s "
          "(bulk path: validation + encryption + blind indexes + audit)")


def bench_import(rows: int) -> float:
    source = bench_user("BSRC", "Benchmark export source")
    load(source, rows, 1000)
    target = bench_user("BIMP", "Benchmark import target")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.csv"
        call_command("export_htcds", format="csv", output=str(path), user=source.username)
        before = Case.objects.filter(organisation=target.organisation).count()
        started = time.perf_counter()
        call_command("import_htcds", str(path), user=target.username)
        elapsed = time.perf_counter() - started
        imported = Case.objects.filter(organisation=target.organisation).count() - before
    rate = imported / elapsed
    print(f"import: {imported} HTCDS CSV records in {elapsed:.1f} s = {rate:,.0f} records/s")
    return rate


def verified_client(user: User) -> Client:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench",
                                                 defaults={"confirmed": True})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(fn, samples: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(samples):
        started = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - started) * 1000)
    return out


def latency(user: User, samples: int) -> dict[str, float]:
    n = Case.objects.filter(organisation=user.organisation).count()
    rng = random.Random(7)
    refs = [f"BEN-{y}-{rng.randrange(1, n + 1):06d}" for y in [time.gmtime().tm_year]
            for _ in range(samples)]
    cases = list(Case.objects.filter(reference__in=refs).select_related("person")
                 .prefetch_related("contacts"))
    names = [c.person.display_name for c in cases]
    phones = [c.contacts.all()[0].value for c in cases if c.contacts.all()]
    client = verified_client(user)
    results = {}

    def search(kind: str, values: list[str]):  # type: ignore[no-untyped-def]
        def run(i: int) -> None:
            qs = services.find_cases(user, {kind: values[i % len(values)]})
            rows = list(qs[:25])
            assert rows, f"{kind} search found nothing"
        return run

    results["search_name"] = p95(timed(search("name", names), samples))
    results["search_phone"] = p95(timed(search("phone", phones), samples))
    filters = [{"exploitation_type": "ForcedLabour", "country": "IN"},
               {"status": "Active", "identified_from": "2024-01-01"},
               {"exploitation_type": "SexualExploitation"},
               {"country": "MY", "identified_to": "2022-12-31"}]

    def list_page(i: int) -> None:
        params = {**filters[i % len(filters)], "page": str(1 + i % 5)}
        response = client.get("/", params)
        assert response.status_code == 200

    results["list_page"] = p95(timed(list_page, samples))

    def case_page(i: int) -> None:
        response = client.get(f"/cases/{cases[i % len(cases)].pk}/")
        assert response.status_code == 200

    results["case_page"] = p95(timed(case_page, samples))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--phases", default="load,import,latency")
    args = parser.parse_args()
    phases = set(args.phases.split(","))
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            settings = []
            for name in ("server_version", "shared_buffers", "max_wal_size", "wal_compression"):
                cursor.execute(f"SHOW {name}")  # noqa: S608 (fixed names)
                settings.append(f"{name}={cursor.fetchone()[0]}")
        print("postgresql: " + ", ".join(settings))
    print(f"cores: {os.cpu_count()}, import workers: {default_workers()}")
    user = bench_user()
    figures: dict[str, float] = {}
    if "load" in phases:
        load(user, args.cases, args.batch)
    if "import" in phases:
        figures["import"] = bench_import(args.import_rows)
    if "latency" in phases:
        figures.update(latency(user, args.samples))
    total = Case.objects.filter(organisation=user.organisation).count()
    print(f"\ncases in the benchmark organisation: {total:,}")
    print(f"{'figure':<14}{'measured':>14}{'target':>14}{'ratio':>10}")
    for key, value in figures.items():
        target = TARGETS[key]
        if key == "import":
            print(f"{key:<14}{value:>10,.0f} r/s{target:>10,.0f} r/s{value / target:>9.2f}x"
                  f"  {'met' if value >= target else 'NOT met'}")
        else:
            print(f"{key:<14}{value:>11.1f} ms{target:>11.0f} ms{target / value:>9.2f}x"
                  f"  {'met' if value <= target else 'NOT met'} (p95)")


if __name__ == "__main__":
    main()
