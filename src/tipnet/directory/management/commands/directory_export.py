import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tipnet.directory import services


class Command(BaseCommand):
    help = ("Export the directory of counterparts as a JSON list of Open Referral HSDS 3 "
            "organizations (with their services and locations), each checked against the "
            "schemas. Needs directory.manage; audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--user", required=True, help="the exporting user")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['user']!r}")
        try:
            services._require(user, "cli", "export")
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not export the directory "
                               "(directory.manage)") from None
        text = json.dumps(services.export_hsds(user, via="cli"), ensure_ascii=False,
                          indent=1) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(self.style.SUCCESS(f"wrote {options['output']}"))
        else:
            sys.stdout.write(text)
