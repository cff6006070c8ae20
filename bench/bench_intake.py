"""Intake at scale: synthetic hotline contacts logged through the service (validation,
triage, entity extraction, blind-index digests, near-duplicate bands, audit), then the
"related tips" lookup timed at that size.

    DATABASE_URL=postgres://tipnet:tipnet-local-only@127.0.0.1:5432/tipnet_bench \\
        .venv/bin/python bench/bench_intake.py --contacts 100000

Resumable: it tops the bench organisation up to ``--contacts``. Synthetic narratives reuse a
pool of phone numbers, e-mail addresses and handles (so that tips do link), in several
languages and with disguised numbers; names are clearly fake. Printed: contacts per second
while logging, and p50 / p95 of ``related()`` over ``--samples`` contacts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("TIPNET_ENV", "development")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipnet.settings")

import django  # noqa: E402

django.setup()

from tqdm import tqdm  # noqa: E402

from tipnet.accounts.models import Organisation, User  # noqa: E402
from tipnet.intake import services  # noqa: E402
from tipnet.intake.models import Contact  # noqa: E402

DIGITS = "zero one two three four five six seven eight nine".split()
TEMPLATES = [
    "My cousin went to {city} for a job, the agent {name} on {phone} took her passport.",
    "They keep us in a room, we cannot leave. Call {spelled} please. Email {email}.",
    "Mi hermana trabaja en {city}, el hombre del número {phone} no la deja salir.",
    "Ma fille est à {city}, ils lui ont pris son passeport. Contact: {email}",
    "Recruiter on insta @{handle} promised {money} a month in {city}, now asks for debt.",
    "Saw a van with plates {plate} picking up young girls near the bus stand in {city}.",
    "Question about working abroad in {city}: is the agency {name} licensed?",
]
CITIES = ["Kathmandu", "Delhi", "Kolkata", "Dubai", "Doha", "Kuala Lumpur", "Madrid", "Lyon"]


def synthetic(rng: random.Random, pool: int) -> dict:
    n = rng.randrange(pool)
    phone = f"98{n:08d}"
    return {"channel": rng.choice(["call", "sms", "whatsapp", "chat", "email"]),
            "language": rng.choice(["en", "es", "fr", "ne"]),
            "flags": ["immediate_danger"] if rng.random() < 0.03 else [],
            "narrative": rng.choice(TEMPLATES).format(
                city=rng.choice(CITIES), name=f"Fakeagent{n % 97}",
                phone=" ".join([phone[:3], phone[3:6], phone[6:]]),
                spelled=" ".join(DIGITS[int(d)] for d in phone),
                email=f"tip{n}@example.org", handle=f"fakejobs{n % 500}",
                money=f"${rng.randrange(300, 900)}", plate=f"BA 2 PA {n % 9000 + 1000}")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--pool", type=int, default=20_000,
                        help="distinct phone numbers the tips draw from")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    org, _ = Organisation.objects.get_or_create(
        case_prefix="BIN", defaults={"name": "Bench Hotline", "kind": "hotline",
                                     "country": "NP"})
    user = User.objects.filter(username="bench.operator").first() or \
        User.objects.create_user("bench.operator", password=None,
                                 organisation=org, role="supervisor")
    have = Contact.objects.filter(organisation=org).count()
    rng = random.Random(have)
    todo = max(0, args.contacts - have)
    started = time.perf_counter()
    with tqdm(total=todo, desc="contacts", unit="contact") as bar:
        for _ in range(todo):
            services.record(user, synthetic(rng, args.pool), via="cli")
            bar.update(1)
    took = time.perf_counter() - started
    total = Contact.objects.filter(organisation=org).count()
    ids = list(Contact.objects.filter(organisation=org).values_list("pk", flat=True)
               .order_by("?")[:args.samples])
    times = []
    for pk in ids:
        contact = Contact.objects.get(pk=pk)
        t = time.perf_counter()
        services.related(user, contact)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"\nintake on {db}: {total:,} contacts in the organisation")
    if todo:
        print(f"  logged now            {todo:,} in {took:.0f} s = {todo / took:,.1f} contacts/s")
    if times:
        print(f"  related tips lookup   p50 {statistics.median(times):.1f} ms · p95 "
              f"{times[int(0.95 * (len(times) - 1))]:.1f} ms over {len(times)} contacts")


if __name__ == "__main__":
    main()
