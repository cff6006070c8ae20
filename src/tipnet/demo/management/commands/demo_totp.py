"""``tipnet demo_totp USERNAME``: the current 6-digit code of a demo user's second factor.

Only for demo users created by ``tipnet seed_demo`` (whose TOTP keys are public anyway), or,
in development (DEBUG on), for any user with a confirmed TOTP device.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tipnet.accounts.models import User
from tipnet.demo import totp


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo user (or of any user when DEBUG is on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **opts) -> None:  # type: ignore[no-untyped-def]
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"no user named {opts['username']!r}")
        device = totp.demo_device(user)
        if device is None:
            if not settings.DEBUG:
                raise CommandError(f"{user.username!r} is not a demo user created by "
                                   "seed_demo; codes are shown only for demo users (or any "
                                   "user when DEBUG is on)")
            from tipnet.accounts import mfa

            device = mfa.confirmed_device(user)
            if device is None:
                raise CommandError(f"{user.username!r} has no confirmed TOTP device")
        self.stdout.write(totp.current_code(device))
        if opts["verbosity"] > 1:
            self.stderr.write(f"valid for {totp.seconds_left(device)} more seconds")
