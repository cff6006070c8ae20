import json

from django.core.management.base import BaseCommand

from tipnet.federation import services


class Command(BaseCommand):
    help = ("Show this deployment's federation identity and, per peer, the outbox (waiting, "
            "delivered, refused) and inbox counts; --json for scripts and monitoring.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = services.status_counts()
        identity = counts["identity"]
        rows = [{"peer": r["peer"].name, "fingerprint": r["peer"].fingerprint,
                 "active": r["peer"].is_active,
                 "last_answer": r["peer"].last_seen_at.isoformat()
                 if r["peer"].last_seen_at else None,
                 **{k: r[k] for k in ("pending", "delivered", "failed", "received")}}
                for r in counts["peers"]]
        if options["json"]:
            self.stdout.write(json.dumps({
                "identity": identity and {"name": identity.name, "url": identity.base_url,
                                          "fingerprint": identity.fingerprint},
                "peers": rows}, indent=1))
            return
        if identity is None:
            self.stdout.write("No federation identity yet.")
        else:
            self.stdout.write(f"{identity.name}  {identity.base_url}\n"
                              f"fingerprint: {identity.fingerprint_grouped}")
        for r in rows:
            self.stdout.write(f"{r['peer']}: waiting {r['pending']}, delivered "
                              f"{r['delivered']}, refused {r['failed']}, received "
                              f"{r['received']}{'' if r['active'] else ' (inactive)'}")
