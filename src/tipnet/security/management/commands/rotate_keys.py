from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tipnet.audit import services as audit
from tipnet.lib.keys import keyring
from tipnet.security import rotation


class Command(BaseCommand):
    help = ("Re-encrypt every personal value, blind index and attachment under the primary "
            "(first) key of TIPNET_DATA_KEYS, in batches, while tipnet keeps running.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--check", action="store_true",
                            help="Only count what is still under an old key; exit 1 if any.")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        ring = keyring()
        stale = rotation.count_stale()
        if opts["check"]:
            if stale:
                for label, n in stale.items():
                    self.stdout.write(f"{label}: {n} under an old key")
                raise CommandError("rotation not complete: keep the old keys in the ring")
            self.stdout.write(self.style.SUCCESS(
                f"everything is under the primary key {ring.primary.kid!r}"))
            return
        total = sum(stale.values())
        self.stdout.write(f"primary key {ring.primary.kid!r}; {total} items to re-encrypt")
        with tqdm(total=total, unit="item", disable=None) as bar:
            report = rotation.rotate(lambda label, n: bar.update(n))
        audit.record("key_rotation", object_type="security.keys", via="cli",
                     detail={"primary": ring.primary.kid, "values": report.values,
                             "cases_reindexed": report.cases_reindexed,
                             "contacts_reindexed": report.contacts_reindexed,
                             "blobs": report.blobs})
        self.stdout.write(self.style.SUCCESS(
            f"re-encrypted {sum(report.values.values())} rows, re-indexed "
            f"{report.cases_reindexed} cases, resealed {report.blobs} files"))
