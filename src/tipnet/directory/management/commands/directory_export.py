from django.core.management.base import BaseCommand, CommandError

from tipnet.directory import services
from tipnet.lib.cli import active_user, write_json


class Command(BaseCommand):
    help = ("Export the directory of counterparts as a JSON list of Open Referral HSDS 3 "
            "organizations (with their services and locations), each checked against the "
            "schemas. Needs directory.manage; audited.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--user", required=True, help="the exporting user")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user = active_user(options["user"])
        try:
            document = services.export_hsds(user, via="cli")
        except services.PermissionDenied:
            raise CommandError(f"{user.username} may not export the directory "
                               "(directory.manage)") from None
        if write_json(document, options["output"]):
            self.stdout.write(self.style.SUCCESS(f"wrote {options['output']}"))
