"""``tipnet seed_demo``: a living system for a newcomer to look at.

Creates demo organisations in Nepal, India and Malaysia, a user of every role (all with one
password and a TOTP second factor), and a few hundred synthetic cases with clearly fake names,
then prints the logins. Running it again does nothing but print the logins; ``--reset``
removes the demo data first.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from tipnet.cases.validation import CaseDataError
from tipnet.demo import seeding
from tipnet.demo.scenarios import ORGANISATIONS


def is_production() -> bool:
    """TIPNET_ENV=production, as settings read it (or as the environment says now)."""
    return (getattr(settings, "TIPNET_ENV", "") == "production"
            or os.environ.get("TIPNET_ENV", "") == "production")


class Command(BaseCommand):
    help = ("Create demo organisations, users of every role (with TOTP) and synthetic cases, "
            "and print the logins. Does nothing if demo data exists, unless --reset.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300,
                            help="How many synthetic cases to create (default 300).")
        parser.add_argument("--seed", type=int, default=seeding.DEFAULT_SEED,
                            help="Random seed; the same seed gives the same data.")
        parser.add_argument("--reset", action="store_true",
                            help="Remove existing demo data first (never in production "
                                 "unless DEBUG is on).")
        parser.add_argument("--force", action="store_true",
                            help="Run even when TIPNET_ENV=production.")

    def handle(self, *args, **opts) -> None:  # type: ignore[no-untyped-def]
        if opts["cases"] < 0:
            raise CommandError("--cases must be 0 or more")
        production = is_production()
        if production and not opts["force"]:
            raise CommandError(
                "TIPNET_ENV=production: refusing to create demo users with a published "
                "password and TOTP secrets. Use --force if you really mean it.")
        if production:
            self.stderr.write(self.style.WARNING(
                "TIPNET_ENV=production and --force: creating demo data anyway."))

        if opts["reset"] and production and not settings.DEBUG:
            raise CommandError("--reset is refused in production (TIPNET_ENV=production and "
                               "DEBUG off).")
        if not opts["reset"] and seeding.demo_present():
            self.stdout.write(self.style.WARNING(
                "Demo data is already present: nothing to do (use --reset to recreate it)."))
            self.print_logins()
            return

        show_bar = opts["verbosity"] > 0 and opts["cases"] > 0
        removed = None
        try:
            # Reset and seed together: a failure leaves the old demo data as it was.
            with transaction.atomic(), tqdm(
                    total=opts["cases"], desc="Demo cases", unit="case", file=sys.stderr,
                    disable=not show_bar, dynamic_ncols=True) as bar:
                if opts["reset"]:
                    removed = seeding.reset()
                result = seeding.seed(cases=opts["cases"], seed=opts["seed"],
                                      progress=bar.update)
        except CaseDataError as exc:  # a bug in the demo scenarios, not in anyone's input
            raise CommandError(f"a generated demo case was refused: {exc}") from exc
        except seeding.DemoError as exc:
            raise CommandError(str(exc)) from exc
        if removed is not None:
            self.stdout.write(f"Removed the old demo data: {removed['organisations']} "
                              f"organisations, {removed['users']} users, {removed['cases']} "
                              "cases (audit entries stay: the log is append-only).")
        self.stdout.write(self.style.SUCCESS(
            f"Created {result.organisations} organisations, {result.users} users and "
            f"{result.cases} cases ({result.decisions} status decisions, {result.consents} "
            f"consent records, {result.comments} comments)."))
        for spec in ORGANISATIONS:
            self.stdout.write(f"  {spec.case_prefix}  {spec.country}  {spec.kind:<20} "
                              f"{spec.name}{'  (main)' if spec.main else ''}")
        self.print_logins()

    def print_logins(self) -> None:
        rows = [("USERNAME", "ROLE", "ORGANISATION", "TOTP SECRET (base32)")]
        rows += [(x.username, x.role, x.organisation, x.secret) for x in seeding.logins()]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(f"Demo logins — password for every user: {seeding.DEMO_PASSWORD}")
        for i, row in enumerate(rows):
            line = "  ".join(cell.ljust(widths[j]) if j < 3 else cell
                             for j, cell in enumerate(row))
            self.stdout.write(self.style.MIGRATE_HEADING(line) if i == 0 else line)
        self.stdout.write("")
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/accounts/login/ with the username, the password "
            "and a 6-digit code: add the secret to an authenticator app, or run\n"
            "  tipnet demo_totp USERNAME\n"
            "for the current code (each code works once; wait for the next one after use).")
