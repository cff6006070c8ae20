"""Referrals between two deployments on localhost, with the receiver restarted during the run.

Two real tipnet deployments (tests/federation/servers.py: two databases, two ports, each the
other's registered peer). A sends ``--count`` referrals to an organisation on B, through the
referrals service (consent gate, consented HTCDS package, outbox) while its outbox worker
delivers them; B's web server is stopped ``--restarts`` times for ``--down`` seconds during the
run. Printed: how many B received, the delivery rate, end-to-end latency (A's sending time to
B's receipt, same clock) p50 / p95 / max, lost (sent, never received) and duplicated (the
referral handler ran more than once for one referral) — targets zero and zero.

    .venv/bin/python bench/bench_referrals.py                      # SQLite files
    DATABASE_URL=postgres://tipnet:tipnet-local-only@127.0.0.1:5432/tipnet \\
        .venv/bin/python bench/bench_referrals.py                  # two PostgreSQL databases

Resumable it is not: each run makes two fresh deployments under a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TIPNET_ENV", "test")

from tests.federation import servers  # noqa: E402

SERVICES = ["EmergencyShelter", "LongTermShelter", "MedicalCare", "MentalHealth", "LegalAid",
            "ImmigrationAdvice", "Repatriation", "FamilyTracing", "Education",
            "VocationalTraining"]

SETUP_A = """
from tipnet.accounts.models import Organisation, User
from tipnet.cases import notes, services as cases
org = Organisation.objects.create(name="Bench NGO (A)", kind="ngo", country="NP",
                                  case_prefix="BNA")
user = User.objects.create_user("bench.a", password="correct horse battery", organisation=org,
                                role="supervisor")
ids = []
for i in range({cases}):
    case = cases.create_case(user, {{"person": {{"given_name": f"Bench{{i}}",
        "family_name": "Fictional", "gender": "Feminine", "languages": ["ne"]}},
        "country": "IN", "exploitation_types": ["ForcedLabour"]}}, via="cli")
    for scope in ("share_with_organisations", "services"):
        notes.record_consent(user, case.pk, {{"scope": scope}}, via="cli")
    ids.append(str(case.pk))
result = ids
"""

SETUP_B = """
from tipnet.accounts.models import Organisation, User
org = Organisation.objects.create(name="Bench Shelter (B)", kind="shelter", country="IN",
                                  case_prefix="BSB")
User.objects.create_user("bench.b", password="correct horse battery", organisation=org,
                         role="caseworker")
result = str(org.uuid)
"""

SEND = """
from tipnet.accounts.models import User
from tipnet.federation.models import Peer
from tipnet.referrals import services
user = User.objects.get(username="bench.a")
peer = Peer.objects.get(name="B")
sent = []
for case_id, service in {pairs!r}:
    r = services.send(user, case_id, {{"peer": str(peer.pk), "to_organisation": {org!r},
        "service_type": service, "groups": ["identity"]}}, via="cli")
    sent.append(str(r.pk))
result = sent
"""

RECEIVED = """
from django.db.models import Count
from tipnet.audit.models import AuditEntry
from tipnet.referrals.models import Referral
rows = Referral.objects.filter(peer__isnull=False, from_organisation__isnull=True)
received = {str(pk): at.timestamp() for pk, at in rows.values_list("pk", "sent_at")}
handled = (AuditEntry.objects.filter(action="refer", via="peer")
           .values("object_id").annotate(n=Count("seq")).filter(n__gt=1).count())
result = dict(received=received, duplicated=handled)
"""

SENT_AT = """
from tipnet.referrals.models import Referral
rows = Referral.objects.filter(peer__isnull=False, to_organisation__isnull=True)
result = {str(pk): at.timestamp() for pk, at in rows.values_list("pk", "sent_at")}
"""


def count_received(b: servers.Deployment) -> int:
    return b.query("from tipnet.referrals.models import Referral\n"
                   "result = Referral.objects.filter(from_organisation__isnull=True).count()")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--restarts", type=int, default=5)
    parser.add_argument("--down", type=float, default=3.0, help="seconds B stays down")
    parser.add_argument("--batch", type=int, default=500, help="referrals per sending step")
    parser.add_argument("--workers", type=int, default=2, help="A's outbox workers")
    args = parser.parse_args()
    per_case = len(SERVICES)
    cases = -(-args.count // per_case)
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"

    with tempfile.TemporaryDirectory(prefix="tipnet-bench-referrals-") as tmp:
        print(f"Two deployments on {db} ...", flush=True)
        pair = servers.pair(Path(tmp))
        a, b = pair.a, pair.b
        try:
            print(f"A: {cases} cases with consent; B: the receiving organisation ...", flush=True)
            case_ids = a.query(SETUP_A.format(cases=cases))
            org = b.query(SETUP_B)
            plan = [(c, s) for c in case_ids for s in SERVICES][:args.count]
            # Sending commits to the outbox only; A's workers deliver (as in production).
            os.environ["TIPNET_FEDERATION_DELIVER_ON_COMMIT"] = "false"
            for _ in range(args.workers):
                a.start_worker("--limit", "50")
            stop = threading.Event()
            restarts: list[float] = []

            def restart_b() -> None:
                # Spread the restarts over the expected sending time.
                gap = max(5.0, args.count / 150 / (args.restarts + 1))
                for _ in range(args.restarts):
                    if stop.wait(gap):
                        return
                    with b.stopped():
                        restarts.append(time.monotonic())
                        time.sleep(args.down)

            chaos = threading.Thread(target=restart_b, daemon=True)
            started = time.monotonic()
            chaos.start()
            sent: list[str] = []
            with tqdm(total=len(plan), desc="sent by A", unit="referral") as bar:
                for i in range(0, len(plan), args.batch):
                    chunk = plan[i:i + args.batch]
                    sent += a.query(SEND.format(pairs=chunk, org=org))
                    bar.update(len(chunk))
            sending_done = time.monotonic()
            chaos.join()
            if b.server is None:
                b.start()
            with tqdm(total=len(sent), desc="received by B", unit="referral") as bar:
                got, last_change, deadline = 0, time.monotonic(), time.monotonic() + 900
                while got < len(sent) and time.monotonic() < deadline:
                    now_got = count_received(b)
                    if now_got != got:
                        bar.update(now_got - got)
                        got, last_change = now_got, time.monotonic()
                    elif time.monotonic() - last_change > 120:
                        break  # nothing moved for two minutes
                    time.sleep(1)
            finished = time.monotonic()
            stop.set()
            outcome = b.query(RECEIVED)
            sent_at = a.query(SENT_AT)
        finally:
            pair.close()

    received = outcome["received"]
    lost = [pk for pk in sent if pk not in received]
    latencies = sorted(received[pk] - sent_at[pk] for pk in sent if pk in received)
    elapsed = finished - started

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0

    print()
    print(f"referrals between two deployments ({db}), receiver restarted {len(restarts)} "
          f"times for {args.down:.0f} s each")
    print(f"  sent by A            {len(sent):,} in {sending_done - started:.0f} s")
    print(f"  received by B        {len(received):,}")
    print(f"  delivery rate        {len(received) / elapsed:,.1f} referrals/s over "
          f"{elapsed:.0f} s (first send to last receipt)")
    print(f"  end-to-end latency   p50 {statistics.median(latencies):.2f} s · p95 "
          f"{pct(0.95):.2f} s · max {latencies[-1]:.2f} s" if latencies else "  no latency")
    print(f"  lost                 {len(lost)}   (target 0)")
    print(f"  duplicated           {outcome['duplicated']}   (target 0)")


if __name__ == "__main__":
    main()
