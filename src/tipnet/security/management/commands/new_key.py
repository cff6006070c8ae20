from django.core.management.base import BaseCommand, CommandError

from tipnet.lib.crypto import KID_RE, generate_key_spec


class Command(BaseCommand):
    help = "Print a new data key (kid:base64) to put first in TIPNET_DATA_KEYS."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("kid", help="A short key id, e.g. 2026-11.")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        if not KID_RE.match(opts["kid"]):
            raise CommandError("key id: 1-16 letters, digits, '-' or '_'")
        self.stdout.write(generate_key_spec(opts["kid"]))
