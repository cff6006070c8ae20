import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from tipnet.federation import inbox, outbox

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Deliver the federation outbox: every message that is due, retrying with "
            "exponential backoff while a peer cannot be reached. --once does one pass and "
            "exits (cron); without it, runs until stopped (a process manager), polling every "
            "--interval seconds.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=5.0,
                            help="seconds between passes when idle (default 5)")
        parser.add_argument("--limit", type=int, default=100,
                            help="messages per pass (default 100)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["once"]:
            self._pass(options["limit"], verbose=True)
            inbox.purge_nonces()
            return
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        last_purge = 0.0
        while not stopping:
            close_old_connections()
            try:
                done = self._pass(options["limit"], verbose=options["verbosity"] > 1)
                if time.monotonic() - last_purge > 600:
                    inbox.purge_nonces()
                    last_purge = time.monotonic()
            except DatabaseError as error:  # the database is away: wait, then try again
                log.error("federation_deliver: %s", type(error).__name__)
                done = 0
            if not done:
                deadline = time.monotonic() + options["interval"]
                while not stopping and time.monotonic() < deadline:
                    time.sleep(0.1)

    def _pass(self, limit: int, *, verbose: bool) -> int:
        result = outbox.deliver_due(limit=limit)
        if verbose or result.delivered or result.failed:
            self.stdout.write(f"delivered {result.delivered}, refused {result.failed}, "
                              f"to retry {result.retrying}")
        return result.delivered + result.failed
